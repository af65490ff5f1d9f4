package io.postern.log.audit;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One {@code audit_log} entry: the file and the format of its lines.
 *
 * @param path absolute, normalized
 * @param format main or json
 */
public record AuditTarget(Path path, AuditFormat format) {
    public AuditTarget {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
    }
}
