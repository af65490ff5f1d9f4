package io.postern.log.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the three protocols' filters share for one session: its copy, where its events go, its
 * command counter and the clock. A session may be audited, counted, or both; the filters skip
 * rendering when it is only counted.
 */
final class AuditTrail {

    /** The longest result text kept; the rest of a server's prose adds nothing to an audit. */
    static final int MAX_TEXT = 512;

    private final AuditedSession session;
    private final AuditRecorder recorder;
    private final CommandCounter counter;
    private final Clock clock;

    AuditTrail(AuditedSession session, AuditRecorder recorder, CommandCounter counter, Clock clock) {
        this.session = Objects.requireNonNull(session, "session");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.counter = Objects.requireNonNull(counter, "counter");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    AuditedSession session() {
        return session;
    }

    Instant now() {
        return clock.instant();
    }

    /** Whether lines are written for this session (else it is only counted). */
    boolean audited() {
        return recorder != AuditRecorder.NONE;
    }

    /** A command: counted by verb, and written with {@code arguments} (already rendered, or redacted). */
    void command(Instant time, Optional<String> mailbox, String tag, String verb, String arguments) {
        counter.count(verb);
        if (audited()) {
            recorder.record(new AuditEvent(time, session, mailbox, new AuditLine.Command(tag, verb, arguments)));
        }
    }

    /** A line the client sent during a SASL exchange: neither counted nor shown. */
    void saslResponse(Instant time, Optional<String> mailbox) {
        if (audited()) {
            recorder.record(new AuditEvent(time, session, mailbox,
                    new AuditLine.Command(AuditLine.NO_TAG, "", AuditLine.REDACTED)));
        }
    }

    /** The result of {@code command}, or of nothing known when it is empty. */
    void result(Instant time, Optional<String> mailbox, String tag, Optional<PendingCommands.Pending> command,
                String status, String text) {
        if (!audited()) {
            return;
        }
        String verb = command.map(PendingCommands.Pending::verb).orElse("");
        Duration elapsed = command.map(c -> Duration.between(c.sent(), time)).orElse(Duration.ZERO);
        OptionalLong bytes = command.map(PendingCommands.Pending::bytes).orElse(OptionalLong.empty());
        String shown = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + AuditLine.CUT : text;
        recorder.record(new AuditEvent(time, session, mailbox,
                new AuditLine.Result(tag, verb, status, shown, elapsed, bytes)));
    }
}
