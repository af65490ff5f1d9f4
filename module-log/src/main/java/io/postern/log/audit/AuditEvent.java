package io.postern.log.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One audit line's worth of facts, immutable, handed from the event loop to the writer thread.
 *
 * @param time when the command or result passed through Postern
 * @param session whose it is
 * @param mailbox the IMAP mailbox selected when the line was written; empty when none is, and
 *     always for POP3 and SMTP
 * @param line the command or the result
 */
public record AuditEvent(Instant time, AuditedSession session, Optional<String> mailbox, AuditLine line) {
    public AuditEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(mailbox, "mailbox");
        Objects.requireNonNull(line, "line");
    }
}
