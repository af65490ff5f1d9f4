package io.postern.config;

import java.util.Objects;

/**
 * One thing wrong with the configuration, where it was found.
 *
 * @param file the file the problem is in, or {@code null} when no file is concerned
 * @param line the line in that file, or a value below 1 when unknown
 * @param message what is wrong, naming the key and what was expected
 */
public record ConfigProblem(String file, int line, String message) {

    public ConfigProblem {
        Objects.requireNonNull(message, "message");
    }

    /** {@code file:line: message}, leaving out what is unknown. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file).append(':');
            if (line > 0) {
                sb.append(line).append(':');
            }
            sb.append(' ');
        }
        return sb.append(message).toString();
    }
}
