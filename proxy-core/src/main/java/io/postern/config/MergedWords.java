package io.postern.config;

import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds a capability list written as nginx writes its arguments, without brackets:
 * {@code smtp_capabilities = "SIZE 52428800" 8BITMIME}. HOCON joins such values into one
 * string, so the client would get one capability {@code SIZE 52428800 8BITMIME}. The value as
 * parsed cannot tell, so the line is read again: a quoted string beside another value, outside
 * a list, is the mistake. (An unquoted {@code SIZE 52428800} alone is one capability with its
 * parameter, as meant.)
 */
final class MergedWords {

    /** The directives whose entries are capabilities, one per entry. */
    static final Set<String> DIRECTIVES = Set.of(CoreDirectives.IMAP_CAPABILITIES, CoreDirectives.POP3_CAPABILITIES,
            CoreDirectives.SMTP_CAPABILITIES);

    private MergedWords() {
    }

    /** The message for {@code key = value} when its value joined several written values, else empty. */
    static Optional<String> problem(String key, ConfigValue value) {
        if (!DIRECTIVES.contains(key) || value.valueType() != ConfigValueType.STRING) {
            return Optional.empty();
        }
        List<String> tokens = tokens(key, value.origin());
        if (tokens.size() < 2 || tokens.stream().noneMatch(t -> t.startsWith("\""))) {
            return Optional.empty();
        }
        return Optional.of(NginxValues.quote(value.unwrapped()) + " (HOCON joins " + String.join(" ", tokens)
                + " into one capability; expected: a list, one capability each: " + key + " = ["
                + String.join(", ", tokens) + "])");
    }

    /** The values written after {@code key =} on the origin's line: quoted strings and unquoted words. */
    private static List<String> tokens(String key, ConfigOrigin origin) {
        if (origin == null || origin.filename() == null || origin.lineNumber() < 1) {
            return List.of();
        }
        String line;
        try {
            List<String> lines = Files.readAllLines(Path.of(origin.filename()), StandardCharsets.UTF_8);
            if (origin.lineNumber() > lines.size()) {
                return List.of();
            }
            line = lines.get(origin.lineNumber() - 1);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        int at = line.indexOf(key);
        if (at < 0) {
            return List.of();
        }
        int i = at + key.length();
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t' || line.charAt(i) == '"')) {
            i++;
        }
        if (i >= line.length() || (line.charAt(i) != '=' && line.charAt(i) != ':')) {
            return List.of();
        }
        return split(line.substring(i + 1));
    }

    /** Splits a HOCON value up to its end (a comma, a brace, a comment or the line's end). */
    private static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
            } else if (c == '"') {
                int end = i + 1;
                while (end < text.length() && text.charAt(end) != '"') {
                    end += text.charAt(end) == '\\' ? 2 : 1;
                }
                out.add(text.substring(i, Math.min(end + 1, text.length())));
                i = end + 1;
            } else if (c == '[' || c == ',' || c == '}' || c == '#' || text.startsWith("//", i)) {
                return c == '[' ? List.of() : out;
            } else {
                int end = i;
                while (end < text.length() && " \t\",}#[".indexOf(text.charAt(end)) < 0 && !text.startsWith("//", end)) {
                    end++;
                }
                out.add(text.substring(i, end));
                i = end;
            }
        }
        return out;
    }
}
