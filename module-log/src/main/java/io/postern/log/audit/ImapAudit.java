package io.postern.log.audit;

import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.filter.ResponseVerdict;
import io.postern.spi.imap.ImapCommand;
import io.postern.spi.imap.ImapFilter;
import io.postern.spi.imap.ImapResponse;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The audit of one IMAP session: every tagged command (credentials redacted, literals as their
 * length) and every tagged result, paired by tag, each with the mailbox selected at the time.
 * Only observes: every verdict is pass.
 */
final class ImapAudit implements ImapFilter {

    private final AuditTrail trail;
    private final PendingCommands pending = new PendingCommands();
    private final MailboxTracker mailbox = new MailboxTracker();
    private final LoginReply loginReply = new LoginReply();

    ImapAudit(AuditTrail trail) {
        this.trail = Objects.requireNonNull(trail, "trail");
    }

    @Override
    public CommandVerdict<ImapCommand, ImapResponse> onCommand(ImapCommand command) {
        Instant now = trail.now();
        if (pending.inSasl()) {
            // The core relays SASL lines unseen; should one be framed anyway, it is not shown.
            trail.saslResponse(now, mailbox.selected());
            return CommandVerdict.pass();
        }
        trail.command(now, mailbox.selected(), command.tag(), command.verb(), arguments(command));
        pending.add(command, command.tag(), command.verb(), now);
        mailbox.onCommand(command);
        return CommandVerdict.pass();
    }

    private String arguments(ImapCommand command) {
        if (!trail.audited()) {
            return "";
        }
        return Verbs.hidesArguments(command.verb()) ? AuditLine.REDACTED : ImapArgs.render(command.args());
    }

    @Override
    public ResponseVerdict<ImapResponse> onResponse(ImapCommand answered, ImapResponse response) {
        if (loginReply.skip(answered)) {
            return ResponseVerdict.pass();
        }
        if (response instanceof ImapResponse.Tagged tagged) {
            Instant now = trail.now();
            Optional<PendingCommands.Pending> command = pending.answered(answered);
            mailbox.onResult(tagged.tag(), tagged.status());
            String text = tagged.code().map(code -> "[" + code + "] ").orElse("") + tagged.text();
            trail.result(now, mailbox.selected(), tagged.tag(), command, tagged.status(), text);
        }
        return ResponseVerdict.pass();
    }
}
