package io.postern.log.access;

import io.postern.log.session.ClosedSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled {@code log_format}: literal text and {@link Variable}s, written as nginx writes
 * them ({@code $remote_addr}, or {@code ${remote_addr}} when a letter follows), optionally
 * after nginx's {@code escape=default|json|none} prefix. Immutable and thread-safe.
 */
public final class LogFormat {

    private static final Pattern ESCAPE = Pattern.compile("^escape=(\\w+)\\s+");
    private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{([A-Za-z0-9_]*)}|([A-Za-z0-9_]*))");

    private final String name;
    private final Escaping escaping;
    private final List<Object> parts;

    private LogFormat(String name, Escaping escaping, List<Object> parts) {
        this.name = name;
        this.escaping = escaping;
        this.parts = List.copyOf(parts);
    }

    /**
     * Compiles a format.
     *
     * @throws IllegalArgumentException naming {@code log_format}, the format and the unknown
     *     variable or escaping
     */
    public static LogFormat compile(String name, String spec) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(spec, "spec");
        Escaping escaping = Escaping.DEFAULT;
        Matcher escape = ESCAPE.matcher(spec);
        if (escape.find()) {
            escaping = escaping(name, escape.group(1));
            spec = spec.substring(escape.end());
        }
        List<Object> parts = new ArrayList<>();
        Matcher m = VARIABLE.matcher(spec);
        int literalStart = 0;
        while (m.find()) {
            if (m.start() > literalStart) {
                parts.add(spec.substring(literalStart, m.start()));
            }
            String variable = m.group(1) != null ? m.group(1) : m.group(2);
            parts.add(Variable.named(variable).orElseThrow(() -> unknown(name, variable)));
            literalStart = m.end();
        }
        if (literalStart < spec.length()) {
            parts.add(spec.substring(literalStart));
        }
        return new LogFormat(name, escaping, parts);
    }

    private static Escaping escaping(String format, String word) {
        return switch (word) {
            case "default" -> Escaping.DEFAULT;
            case "json" -> Escaping.JSON;
            case "none" -> Escaping.NONE;
            default -> throw new IllegalArgumentException("log_format: format \"" + format + "\": escape=" + word
                    + " (expected: escape=default, escape=json or escape=none)");
        };
    }

    private static IllegalArgumentException unknown(String format, String variable) {
        return new IllegalArgumentException("log_format: format \"" + format + "\": unknown variable \"$"
                + variable + "\" (expected one of: $" + String.join(", $",
                java.util.Arrays.stream(Variable.values()).map(Variable::variableName).toList()) + ")");
    }

    public String name() {
        return name;
    }

    /** The line for {@code session}, without a line terminator. */
    public String format(ClosedSession session) {
        StringBuilder line = new StringBuilder(256);
        for (Object part : parts) {
            if (part instanceof Variable variable) {
                escaping.append(line, variable.valueOf(session));
            } else {
                line.append((String) part);
            }
        }
        return line.toString();
    }

    @Override
    public String toString() {
        return "LogFormat[" + name + "]";
    }
}
