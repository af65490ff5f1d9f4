package io.postern.nginx;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Something of the nginx configuration that {@code import-nginx} dropped or changed, and why.
 *
 * @param file the nginx file it is in
 * @param line the line in that file
 * @param message what was done and why
 */
public record ImportWarning(Path file, int line, String message) {

    public ImportWarning {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    /** {@code file:line: message}. */
    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
