package io.postern.nginx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one file into nginx's statements the way {@code ngx_conf_read_token} does: words
 * separated by blanks, {@code "…"} and {@code '…'} quoting, {@code \} escapes ({@code \"},
 * {@code \'}, {@code \\}, {@code \t}, {@code \r}, {@code \n}; any other escaped character is
 * kept with its backslash), {@code #} comments where a word could start, and {@code ${var}}
 * kept whole inside a word.
 */
final class NginxTokenizer {

    /** What ended a statement. */
    enum End { SEMICOLON, BLOCK_START, BLOCK_END, EOF }

    /** The words of one statement, the line its first word is on, and what ended it. */
    record Statement(List<String> words, int line, End end, int endLine) {
    }

    private enum State { BLANK, WORD, DOUBLE_QUOTED, SINGLE_QUOTED, AFTER_QUOTE, COMMENT }

    private final String text;
    private final Path file;
    private int pos;
    private int line = 1;

    NginxTokenizer(String text, Path file) {
        this.text = text;
        this.file = file;
    }

    /** The next statement; at the end of the file, one with no words and {@link End#EOF}. */
    Statement next() throws NginxSyntaxException {
        List<String> words = new ArrayList<>();
        State state = State.BLANK;
        int wordStart = -1;
        int firstLine = -1;
        boolean escaped = false;
        boolean variable = false;
        while (pos < text.length()) {
            char ch = text.charAt(pos++);
            if (ch == '\n') {
                line++;
            }
            if (state == State.COMMENT) {
                state = ch == '\n' ? State.BLANK : State.COMMENT;
                continue;
            }
            if (escaped) {
                escaped = false;
                continue;
            }
            switch (state) {
                case AFTER_QUOTE -> {
                    if (isBlank(ch)) {
                        state = State.BLANK;
                    } else if (ch == ';' || ch == '{') {
                        return new Statement(words, firstLine, ch == ';' ? End.SEMICOLON : End.BLOCK_START, line);
                    } else if (ch == ')') { // if ($a = 'b') { ... }: the parenthesis starts a word of its own
                        wordStart = pos - 1;
                        variable = false;
                        state = State.WORD;
                    } else {
                        throw new NginxSyntaxException(file, line, "unexpected \"" + ch + "\"");
                    }
                }
                case BLANK -> {
                    if (isBlank(ch)) {
                        continue;
                    }
                    if (ch == ';' || ch == '{') {
                        if (words.isEmpty()) {
                            throw new NginxSyntaxException(file, line, "unexpected \"" + ch + "\"");
                        }
                        return new Statement(words, firstLine, ch == ';' ? End.SEMICOLON : End.BLOCK_START, line);
                    }
                    if (ch == '}') {
                        if (!words.isEmpty()) {
                            throw new NginxSyntaxException(file, line, "unexpected \"}\"");
                        }
                        return new Statement(words, line, End.BLOCK_END, line);
                    }
                    if (ch == '#') {
                        state = State.COMMENT;
                        continue;
                    }
                    if (firstLine < 0) {
                        firstLine = line;
                    }
                    wordStart = pos - 1;
                    variable = ch == '$';
                    escaped = ch == '\\';
                    state = ch == '"' ? State.DOUBLE_QUOTED : ch == '\'' ? State.SINGLE_QUOTED : State.WORD;
                    if (state != State.WORD) {
                        wordStart = pos;
                    }
                }
                case WORD -> {
                    if (ch == '{' && variable) {
                        continue;
                    }
                    variable = ch == '$';
                    if (ch == '\\') {
                        escaped = true;
                    } else if (isBlank(ch) || ch == ';' || ch == '{') {
                        words.add(unescape(text.substring(wordStart, pos - 1)));
                        state = State.BLANK;
                        if (ch != ';' && ch != '{') {
                            continue;
                        }
                        return new Statement(words, firstLine, ch == ';' ? End.SEMICOLON : End.BLOCK_START, line);
                    }
                }
                case DOUBLE_QUOTED, SINGLE_QUOTED -> {
                    if (ch == '\\') {
                        escaped = true;
                    } else if (ch == (state == State.DOUBLE_QUOTED ? '"' : '\'')) {
                        words.add(unescape(text.substring(wordStart, pos - 1)));
                        state = State.AFTER_QUOTE;
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        if (!words.isEmpty() || state == State.WORD || state == State.DOUBLE_QUOTED || state == State.SINGLE_QUOTED
                || state == State.AFTER_QUOTE) {
            throw new NginxSyntaxException(file, line, "unexpected end of file, expecting \";\" or \"}\"");
        }
        return new Statement(words, line, End.EOF, line);
    }

    private static boolean isBlank(char ch) {
        return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
    }

    /** nginx's escapes inside a word: {@code \" \' \\ \t \r \n}; any other backslash stays. */
    private static String unescape(String raw) {
        if (raw.indexOf('\\') < 0) {
            return raw;
        }
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char ch = raw.charAt(i);
            if (ch == '\\' && i + 1 < raw.length()) {
                char next = raw.charAt(i + 1);
                switch (next) {
                    case '"', '\'', '\\' -> {
                        sb.append(next);
                        i++;
                        continue;
                    }
                    case 't' -> {
                        sb.append('\t');
                        i++;
                        continue;
                    }
                    case 'r' -> {
                        sb.append('\r');
                        i++;
                        continue;
                    }
                    case 'n' -> {
                        sb.append('\n');
                        i++;
                        continue;
                    }
                    default -> {
                        // kept as written, backslash included, as nginx does
                    }
                }
            }
            sb.append(ch);
        }
        return sb.toString();
    }
}
