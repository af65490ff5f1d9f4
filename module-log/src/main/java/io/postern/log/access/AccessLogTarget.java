package io.postern.log.access;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One {@code access_log} entry: the file and the format of its lines.
 *
 * @param path absolute, normalized
 * @param format the compiled format
 */
public record AccessLogTarget(Path path, LogFormat format) {
    public AccessLogTarget {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
    }
}
