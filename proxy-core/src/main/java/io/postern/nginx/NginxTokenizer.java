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

    // the statement being read
    private List<String> words;
    private State state;
    private int wordStart;
    private int firstLine;
    private boolean escaped;
    private boolean variable;

    NginxTokenizer(String text, Path file) {
        this.text = text;
        this.file = file;
    }

    /** The next statement; at the end of the file, one with no words and {@link End#EOF}. */
    Statement next() throws NginxSyntaxException {
        words = new ArrayList<>();
        state = State.BLANK;
        firstLine = -1;
        escaped = false;
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
            Statement done = switch (state) {
                case BLANK -> blank(ch);
                case WORD -> word(ch);
                case DOUBLE_QUOTED, SINGLE_QUOTED -> quoted(ch);
                case AFTER_QUOTE -> afterQuote(ch);
                default -> throw new IllegalStateException(state.name());
            };
            if (done != null) {
                return done;
            }
        }
        if (!words.isEmpty() || state != State.BLANK && state != State.COMMENT) {
            throw new NginxSyntaxException(file, line, "unexpected end of file, expecting \";\" or \"}\"");
        }
        return new Statement(words, line, End.EOF, line);
    }

    /** Between words: a statement ends, a comment or a word starts. */
    private Statement blank(char ch) throws NginxSyntaxException {
        if (isBlank(ch)) {
            return null;
        }
        if (ch == ';' || ch == '{') {
            if (words.isEmpty()) {
                throw new NginxSyntaxException(file, line, "unexpected \"" + ch + "\"");
            }
            return end(ch);
        }
        if (ch == '}') {
            if (!words.isEmpty()) {
                throw new NginxSyntaxException(file, line, "unexpected \"}\"");
            }
            return new Statement(words, line, End.BLOCK_END, line);
        }
        if (ch == '#') {
            state = State.COMMENT;
            return null;
        }
        if (firstLine < 0) {
            firstLine = line;
        }
        startWord(ch);
        return null;
    }

    private void startWord(char ch) {
        wordStart = pos - 1;
        variable = ch == '$';
        escaped = ch == '\\';
        state = ch == '"' ? State.DOUBLE_QUOTED : ch == '\'' ? State.SINGLE_QUOTED : State.WORD;
        if (state != State.WORD) {
            wordStart = pos;
        }
    }

    /** In an unquoted word: blanks, {@code ;} and {@code {} end it, except the brace of {@code ${var}}. */
    private Statement word(char ch) {
        if (ch == '{' && variable) {
            return null;
        }
        variable = ch == '$';
        if (ch == '\\') {
            escaped = true;
            return null;
        }
        if (!isBlank(ch) && ch != ';' && ch != '{') {
            return null;
        }
        words.add(unescape(text.substring(wordStart, pos - 1)));
        state = State.BLANK;
        return ch == ';' || ch == '{' ? end(ch) : null;
    }

    /** In a quoted word: only the closing quote ends it. */
    private Statement quoted(char ch) {
        if (ch == '\\') {
            escaped = true;
        } else if (ch == (state == State.DOUBLE_QUOTED ? '"' : '\'')) {
            words.add(unescape(text.substring(wordStart, pos - 1)));
            state = State.AFTER_QUOTE;
        }
        return null;
    }

    /** Right after a closing quote, nginx wants a blank, {@code ;}, {@code {} or {@code )} ({@code if ($a = 'b')}). */
    private Statement afterQuote(char ch) throws NginxSyntaxException {
        if (isBlank(ch)) {
            state = State.BLANK;
            return null;
        }
        if (ch == ';' || ch == '{') {
            return end(ch);
        }
        if (ch == ')') { // the parenthesis starts a word of its own
            startWord(ch);
            return null;
        }
        throw new NginxSyntaxException(file, line, "unexpected \"" + ch + "\"");
    }

    private Statement end(char ch) {
        return new Statement(words, firstLine, ch == ';' ? End.SEMICOLON : End.BLOCK_START, line);
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
