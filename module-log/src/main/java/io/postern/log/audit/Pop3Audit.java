package io.postern.log.audit;

import io.postern.spi.Protocol;
import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.filter.ResponseVerdict;
import io.postern.spi.pop3.Pop3Command;
import io.postern.spi.pop3.Pop3Filter;
import io.postern.spi.pop3.Pop3Response;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The audit of one POP3 session: every command (credentials redacted) and every
 * {@code +OK}/{@code -ERR}, with the command the core pairs it with (a filter's refusal
 * included, when this filter comes first). Only observes: every verdict is pass.
 */
final class Pop3Audit implements Pop3Filter {

    private final AuditTrail trail;
    private final PendingCommands pending = new PendingCommands();
    private final LoginReply loginReply = new LoginReply();

    Pop3Audit(AuditTrail trail) {
        this.trail = Objects.requireNonNull(trail, "trail");
    }

    @Override
    public CommandVerdict<Pop3Command, Pop3Response> onCommand(Pop3Command command) {
        Instant now = trail.now();
        if (pending.inSasl()) {
            trail.saslResponse(now, Optional.empty());
            return CommandVerdict.pass();
        }
        String verb = LineCommands.shownVerb(Protocol.POP3, command.verb(), command.args().isEmpty());
        trail.command(now, Optional.empty(), AuditLine.NO_TAG, verb,
                trail.audited() ? LineCommands.arguments(verb, String.join(" ", command.args())) : "");
        pending.add(command, AuditLine.NO_TAG, verb, now);
        return CommandVerdict.pass();
    }

    @Override
    public ResponseVerdict<Pop3Response> onResponse(Pop3Command answered, Pop3Response response) {
        if (loginReply.skip(answered)) {
            return ResponseVerdict.pass();
        }
        Instant now = trail.now();
        Optional<PendingCommands.Pending> command = pending.answered(answered);
        String text = response.body() == Pop3Response.Body.LINES
                ? response.text() + " (" + response.lines().size() + " lines)"
                : response.text();
        trail.result(now, Optional.empty(), AuditLine.NO_TAG, command, response.ok() ? "+OK" : "-ERR", text);
        return ResponseVerdict.pass();
    }
}
