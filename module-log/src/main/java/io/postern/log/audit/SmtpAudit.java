package io.postern.log.audit;

import io.postern.spi.Protocol;
import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.filter.Direction;
import io.postern.spi.filter.ResponseVerdict;
import io.postern.spi.smtp.SmtpCommand;
import io.postern.spi.smtp.SmtpFilter;
import io.postern.spi.smtp.SmtpReply;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The audit of one SMTP session: every command (AUTH redacted) and every reply, with the
 * command the core pairs it with. {@code DATA}'s {@code 354} and {@code AUTH}'s {@code 334} are written as they come and
 * the command keeps waiting for its final reply; message data is never shown, only counted
 * from the streamed bytes and written with the final reply of {@code DATA} or {@code BDAT}.
 * Only observes: every verdict is pass.
 */
final class SmtpAudit implements SmtpFilter {

    private final AuditTrail trail;
    private final PendingCommands pending = new PendingCommands();
    private final LoginReply loginReply = new LoginReply();
    /** The command streamed data belongs to: the last one the client sent (DATA or BDAT). */
    private PendingCommands.Pending last;

    SmtpAudit(AuditTrail trail) {
        this.trail = Objects.requireNonNull(trail, "trail");
    }

    @Override
    public CommandVerdict<SmtpCommand, SmtpReply> onCommand(SmtpCommand command) {
        Instant now = trail.now();
        if (pending.inSasl()) {
            trail.saslResponse(now, Optional.empty());
            return CommandVerdict.pass();
        }
        String verb = LineCommands.shownVerb(Protocol.SMTP, command.verb(), command.argument().isEmpty());
        trail.command(now, Optional.empty(), AuditLine.NO_TAG, verb,
                trail.audited() ? LineCommands.arguments(verb, command.argument()) : "");
        last = pending.add(command, AuditLine.NO_TAG, verb, now);
        return CommandVerdict.pass();
    }

    @Override
    public void onStreamedData(Direction direction, ByteBuffer chunk) {
        if (direction == Direction.FROM_CLIENT && last != null
                && (last.verb().equals("DATA") || last.verb().equals("BDAT"))) {
            last.addBytes(chunk.remaining());
        }
    }

    @Override
    public ResponseVerdict<SmtpReply> onResponse(SmtpCommand answered, SmtpReply reply) {
        if (loginReply.skip(answered)) {
            return ResponseVerdict.pass();
        }
        Instant now = trail.now();
        Optional<PendingCommands.Pending> waiting = pending.of(answered);
        boolean intermediate = waiting.isPresent() && intermediate(waiting.get().verb(), reply.code());
        Optional<PendingCommands.Pending> command = intermediate ? waiting : pending.answered(answered);
        trail.result(now, Optional.empty(), AuditLine.NO_TAG, command, Integer.toString(reply.code()), text(reply));
        return ResponseVerdict.pass();
    }

    /** A reply after which the command goes on: DATA's go-ahead, a SASL challenge. */
    private static boolean intermediate(String verb, int code) {
        return code == 354 && verb.equals("DATA") || code == 334 && verb.equals("AUTH");
    }

    private static String text(SmtpReply reply) {
        if (reply.code() == 334) {
            return AuditLine.REDACTED;
        }
        String first = reply.lines().get(0);
        return reply.lines().size() == 1 ? first : first + " (+" + (reply.lines().size() - 1) + " lines)";
    }
}
