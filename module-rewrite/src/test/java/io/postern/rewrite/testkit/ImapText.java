package io.postern.rewrite.testkit;

import io.postern.spi.imap.ImapArg;
import io.postern.spi.imap.ImapCommand;
import io.postern.spi.imap.ImapResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * IMAP lines as tests write them, to and from the SPI's records: {@code a1 SELECT "Sent"},
 * {@code * LIST (\HasNoChildren) "." INBOX.Sent}. A literal is {@code {n}\r\n} and its
 * bytes; {@code {n}} at the end of a line without its bytes is a streamed literal.
 */
public final class ImapText {

    private static final Set<String> STATUSES = Set.of("OK", "NO", "BAD", "BYE", "PREAUTH");

    private final String line;
    private int at;

    private ImapText(String line) {
        this.line = line;
    }

    public static ImapCommand command(String line) {
        ImapText p = new ImapText(line);
        String tag = p.word();
        String verb = p.word().toUpperCase(Locale.ROOT);
        if (verb.equals("UID")) {
            verb = "UID " + p.word().toUpperCase(Locale.ROOT);
        }
        return new ImapCommand(tag, verb, p.args(false));
    }

    public static ImapResponse response(String line) {
        ImapText p = new ImapText(line);
        String first = p.word();
        if (first.equals("+")) {
            return new ImapResponse.Continuation(p.rest());
        }
        if (first.equals("*")) {
            int mark = p.at;
            String word = p.word();
            if (STATUSES.contains(word.toUpperCase(Locale.ROOT))) {
                Optional<String> code = p.code();
                return new ImapResponse.Status(word, code, p.rest());
            }
            p.at = mark;
            return new ImapResponse.Data(p.args(false));
        }
        String status = p.word();
        Optional<String> code = p.code();
        return new ImapResponse.Tagged(first, status, code, p.rest());
    }

    /** The line a command is written as. */
    public static String line(ImapCommand command) {
        return command.tag() + " " + command.verb() + (command.args().isEmpty() ? "" : " " + args(command.args()));
    }

    /** The line a response is written as. */
    public static String line(ImapResponse response) {
        if (response instanceof ImapResponse.Tagged t) {
            return t.tag() + " " + t.status() + t.code().map(c -> " [" + c + "]").orElse("") + " " + t.text();
        }
        if (response instanceof ImapResponse.Status s) {
            return "* " + s.status() + s.code().map(c -> " [" + c + "]").orElse("") + " " + s.text();
        }
        if (response instanceof ImapResponse.Data d) {
            return "* " + args(d.args());
        }
        return "+ " + ((ImapResponse.Continuation) response).text();
    }

    static String args(List<ImapArg> args) {
        List<String> parts = new ArrayList<>();
        for (ImapArg arg : args) {
            if (arg instanceof ImapArg.Atom atom) {
                parts.add(atom.text());
            } else if (arg instanceof ImapArg.Quoted quoted) {
                parts.add("\"" + quoted.text().replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
            } else if (arg instanceof ImapArg.Literal literal) {
                parts.add((literal.binary() ? "~{" : "{") + literal.length() + "}\r\n"
                        + new String(literal.bytes(), StandardCharsets.UTF_8));
            } else if (arg instanceof ImapArg.Streamed streamed) {
                parts.add((streamed.binary() ? "~{" : "{") + streamed.length() + "}");
            } else {
                parts.add("(" + args(((ImapArg.ListOf) arg).items()) + ")");
            }
        }
        return String.join(" ", parts);
    }

    private String word() {
        int end = line.indexOf(' ', at);
        String word = end < 0 ? line.substring(at) : line.substring(at, end);
        at = end < 0 ? line.length() : end + 1;
        return word;
    }

    private String rest() {
        String rest = line.substring(at);
        at = line.length();
        return rest;
    }

    private Optional<String> code() {
        if (at < line.length() && line.charAt(at) == '[') {
            int close = line.indexOf(']', at);
            String code = line.substring(at + 1, close);
            at = Math.min(line.length(), close + 2);
            return Optional.of(code);
        }
        return Optional.empty();
    }

    private List<ImapArg> args(boolean inList) {
        List<ImapArg> args = new ArrayList<>();
        while (at < line.length()) {
            char c = line.charAt(at);
            if (c == ' ') {
                at++;
            } else if (c == ')') {
                if (inList) {
                    at++;
                    return args;
                }
                throw new IllegalArgumentException("unbalanced ) in " + line);
            } else if (c == '(') {
                at++;
                args.add(new ImapArg.ListOf(args(true)));
            } else if (c == '"') {
                args.add(quoted());
            } else if (c == '{' || c == '~' && at + 1 < line.length() && line.charAt(at + 1) == '{') {
                args.add(literal());
            } else {
                int end = at;
                while (end < line.length() && " ()".indexOf(line.charAt(end)) < 0) {
                    end++;
                }
                args.add(new ImapArg.Atom(line.substring(at, end)));
                at = end;
            }
        }
        return args;
    }

    private ImapArg quoted() {
        StringBuilder text = new StringBuilder();
        at++;
        while (line.charAt(at) != '"') {
            if (line.charAt(at) == '\\') {
                at++;
            }
            text.append(line.charAt(at++));
        }
        at++;
        return new ImapArg.Quoted(text.toString());
    }

    private ImapArg literal() {
        boolean binary = line.charAt(at) == '~';
        int open = line.indexOf('{', at);
        int close = line.indexOf('}', open);
        long length = Long.parseLong(line.substring(open + 1, close));
        at = close + 1;
        if (!line.startsWith("\r\n", at)) {
            return new ImapArg.Streamed(length, binary);
        }
        at += 2;
        byte[] rest = line.substring(at).getBytes(StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(rest, (int) length);
        at += new String(bytes, StandardCharsets.UTF_8).length();
        return new ImapArg.Literal(bytes, binary);
    }
}
