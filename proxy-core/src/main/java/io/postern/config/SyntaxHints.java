package io.postern.config;

import io.postern.nginx.NginxDirectives;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns two HOCON syntax errors an nginx admin makes into one line that says what to write:
 * a directive in nginx's syntax ({@code max_errors 3;}) and a block never closed, which the
 * HOCON parser reports where the file ends, far from the mistake.
 */
final class SyntaxHints {

    /** nginx's {@code name value…;} on a line of its own. */
    private static final Pattern NGINX_DIRECTIVE = Pattern.compile(
            "\\s*([A-Za-z_][A-Za-z0-9_-]*)\\s+([^=:{}\\[\\]\\s][^={}\\[\\]]*?)\\s*;\\s*");

    private SyntaxHints() {
    }

    /**
     * A clearer problem for a syntax error the HOCON parser found in {@code file} at
     * {@code errorLine}, or empty when neither mistake is recognised there.
     */
    static Optional<ConfigProblem> explain(Path file, int errorLine) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        Optional<ConfigProblem> nginx = nginxDirective(file, lines, errorLine);
        return nginx.isPresent() ? nginx : unclosedBrace(file, lines);
    }

    /**
     * The nginx hint for line {@code line} alone, when HOCON read {@code name value;} there as a
     * key with a space in it ({@code listen 127.0.0.1:993 ssl;} is a key and a value to HOCON).
     */
    static Optional<ConfigProblem> nginxDirectiveAt(Path file, int line) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return line < 1 || line > lines.size() ? Optional.empty()
                    : nginxDirective(file, lines.subList(line - 1, line), 1).map(p ->
                            new ConfigProblem(p.file(), line, p.message()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<ConfigProblem> nginxDirective(Path file, List<String> lines, int errorLine) {
        int last = errorLine > 0 ? Math.min(errorLine, lines.size()) : lines.size();
        for (int i = 0; i < last; i++) {
            Matcher m = NGINX_DIRECTIVE.matcher(withoutComment(lines.get(i)));
            if (m.matches()) {
                List<String> args = List.of(m.group(2).trim().split("\\s+"));
                String hocon = NginxDirectives.asHocon(m.group(1), args);
                String quote = hocon.indexOf('"') >= 0 ? "'" : "\"";
                return Optional.of(new ConfigProblem(file.toString(), i + 1, "this looks like nginx syntax: write "
                        + quote + hocon + quote + ", or convert the file with \"postern import-nginx " + file + "\""));
            }
        }
        return Optional.empty();
    }

    /** The line up to a {@code #} or {@code //} comment outside quotes. */
    private static String withoutComment(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"' && (i == 0 || line.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && (ch == '#' || (ch == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/'))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** An opening brace and the indentation of its line. */
    private record Open(int line, int indent) {
    }

    /**
     * The block left open: braces are matched outside strings and comments, and a {@code }}
     * alone on its line closes the nearest open block indented as it is, so the block between
     * them is the one missing its brace; failing that, the innermost block still open at the end.
     */
    private static Optional<ConfigProblem> unclosedBrace(Path file, List<String> lines) {
        Deque<Open> open = new ArrayDeque<>();
        List<Open> unclosed = new ArrayList<>();
        boolean tripleQuoted = false;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            int indent = indentOf(line);
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char ch = line.charAt(i);
                if (line.startsWith("\"\"\"", i)) {
                    tripleQuoted = !tripleQuoted;
                    i += 2;
                } else if (tripleQuoted) {
                    continue;
                } else if (quoted) {
                    if (ch == '\\') {
                        i++;
                    } else if (ch == '"') {
                        quoted = false;
                    }
                } else if (ch == '"') {
                    quoted = true;
                } else if (ch == '#' || line.startsWith("//", i)) {
                    break;
                } else if (ch == '{') {
                    open.push(new Open(n + 1, indent));
                } else if (ch == '}' && !open.isEmpty()) {
                    close(open, unclosed, i == indent ? indent : -1);
                }
            }
        }
        if (unclosed.isEmpty() && !open.isEmpty()) {
            unclosed.add(open.peek());
        }
        return unclosed.stream().findFirst().map(o -> new ConfigProblem(file.toString(), o.line(),
                "this \"{\" is never closed (expected: a \"}\" where its block ends)"));
    }

    private static void close(Deque<Open> open, List<Open> unclosed, int indent) {
        if (indent >= 0 && open.peek().indent() > indent) {
            List<Open> above = new ArrayList<>();
            for (Open o : open) {
                if (o.indent() == indent) {
                    unclosed.addAll(above.isEmpty() ? List.of() : List.of(above.get(above.size() - 1)));
                    above.forEach(a -> open.pop());
                    break;
                }
                above.add(o);
            }
        }
        open.pop();
    }

    private static int indentOf(String line) {
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
