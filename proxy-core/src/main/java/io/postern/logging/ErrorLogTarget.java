package io.postern.logging;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * One {@code error_log} value, nginx's arguments in one string: {@code "logs/mail-error.log info"},
 * {@code "stderr warn"}, {@code "logs/imap.log"} (level {@code error}, nginx's default).
 *
 * @param file {@code stderr}, or a file name as written (relative to the prefix, as nginx's)
 * @param level the least severe level written
 */
public record ErrorLogTarget(String file, NginxLevel level) {

    public static final String STDERR = "stderr";

    public ErrorLogTarget {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(level, "level");
    }

    /**
     * Parses {@code FILE [LEVEL]}.
     *
     * @throws IllegalArgumentException naming the value and what was expected
     */
    public static ErrorLogTarget parse(String written) {
        String[] words = written.trim().split("\\s+");
        if (words[0].isEmpty() || words.length > 2) {
            throw invalid(written, "expected: a file or stderr, then a level such as info");
        }
        if (words[0].startsWith("syslog:") || words[0].startsWith("memory:")) {
            throw invalid(written, words[0].substring(0, words[0].indexOf(':') + 1) + " is not supported; expected:"
                    + " a file or stderr (conf/logback.xml can send lines to syslog)");
        }
        NginxLevel level = NginxLevel.ERROR;
        if (words.length == 2) {
            level = NginxLevel.find(words[1]).orElseThrow(() -> invalid(written, "unknown level \"" + words[1]
                    + "\"; expected: debug, info, notice, warn, error, crit, alert or emerg"));
        }
        return new ErrorLogTarget(words[0], level);
    }

    /** Whether this writes to the standard error stream. */
    public boolean isStderr() {
        return file.equals(STDERR);
    }

    /** The file, resolved against {@code prefix}. */
    Path path(Path prefix) {
        return prefix.resolve(file).toAbsolutePath().normalize();
    }

    @Override
    public String toString() {
        return file + " " + level.name().toLowerCase(Locale.ROOT);
    }

    private static IllegalArgumentException invalid(String written, String why) {
        return new IllegalArgumentException("\"" + written + "\" (" + why + ")");
    }
}
