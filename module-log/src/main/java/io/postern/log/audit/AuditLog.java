package io.postern.log.audit;

import io.postern.log.writer.LogWriter;
import java.util.List;
import java.util.Objects;

/** The audit log's side of its writer: turns a server's targets into a recorder for its sessions. */
public final class AuditLog {

    private final LogWriter writer;

    public AuditLog(LogWriter writer) {
        this.writer = Objects.requireNonNull(writer, "writer");
    }

    /**
     * Where a session's events go: one line per target, formatted on the writer thread. An
     * event the full queue cannot take is dropped and counted, never waited for.
     */
    public AuditRecorder recorderFor(List<AuditTarget> targets) {
        List<AuditTarget> copy = List.copyOf(targets);
        return event -> writer.offer(out -> copy.forEach(t -> out.write(t.path(), t.format().format(event))));
    }
}
