package io.postern.log.audit;

/**
 * Where a session's audit events go: the audit log's writer, for the files of the session's
 * server. Called on the session's event loop; must not block.
 */
@FunctionalInterface
public interface AuditRecorder {

    /** For a session that is not audited (its filter only counts commands). */
    AuditRecorder NONE = event -> {
    };

    void record(AuditEvent event);
}
