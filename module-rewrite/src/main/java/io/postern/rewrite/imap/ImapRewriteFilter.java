package io.postern.rewrite.imap;

import io.postern.rewrite.rule.CapabilityEdit;
import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.filter.ResponseVerdict;
import io.postern.spi.imap.ImapArg;
import io.postern.spi.imap.ImapCommand;
import io.postern.spi.imap.ImapFilter;
import io.postern.spi.imap.ImapHierarchy;
import io.postern.spi.imap.ImapResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * module-rewrite's filter of one IMAP session. A command is checked against the deny rules
 * (on the names the client wrote) and the no_expunge rule, then rewritten by the command regex rules, then its
 * mailbox names are translated for the server. A response teaches the session what it needs
 * (UTF8=ACCEPT, other namespaces, the separator if nothing else gave it), has its mailbox names translated back (a
 * LIST name the client did not ask for is dropped), its capabilities edited, then the
 * response regex rules applied. What no rule changes passes as it came.
 */
public final class ImapRewriteFilter implements ImapFilter {

    private static final Logger LOG = LoggerFactory.getLogger(ImapRewriteFilter.class);

    /** Mailbox names in literals are read when they are no longer than this. */
    static final int MAILBOX_LITERAL_LIMIT = 4096;

    private final ImapRules rules;
    private final MailboxWire wire = new MailboxWire();
    private final ImapMailboxes mailboxes;
    private final List<ImapRegexRule> commandRegex;
    private final List<ImapRegexRule> responseRegex;

    /** The answer to a command whose names need the server's separator while it is unknown. */
    static final String UNKNOWN_SEPARATOR = "Mailbox names unavailable: the server's hierarchy separator is unknown";

    public ImapRewriteFilter(ImapRules rules) {
        this(rules, Optional.empty());
    }

    /**
     * @param hierarchy what the core learnt of the upstream's hierarchy
     *     ({@link io.postern.spi.SessionInfo#imapHierarchy()}); empty when it learnt nothing
     */
    public ImapRewriteFilter(ImapRules rules, Optional<ImapHierarchy> hierarchy) {
        this.rules = rules;
        Optional<String> upstream = hierarchy.map(h -> h.separator().orElse(""));
        this.mailboxes = new ImapMailboxes(new MailboxNames(rules.mailboxes(), rules.namespaces().stream().findFirst(),
                upstream), wire);
        this.commandRegex = rules.regex().stream().filter(r -> !r.responses()).toList();
        this.responseRegex = rules.regex().stream().filter(ImapRegexRule::responses).toList();
    }

    @Override
    public CommandVerdict<ImapCommand, ImapResponse> onCommand(ImapCommand command) {
        Optional<ImapDenyRule> deny = refusing(command);
        if (deny.isPresent()) {
            return CommandVerdict.answer(deny.get().answer(command.tag()));
        }
        if (!rules.noExpunge().isEmpty()) {
            Optional<CommandVerdict<ImapCommand, ImapResponse>> kept = rules.noExpunge().get(0).verdict(command);
            if (kept.isPresent()) {
                return kept.get();
            }
        }
        if (mailboxes.needsUnknownSeparator(command)) {
            LOG.warn("rewrite: {} refused: the upstream's hierarchy separator is unknown (set separator in the "
                    + "mailboxes rule)", command.verb());
            return CommandVerdict.answer(new ImapResponse.Tagged(command.tag(), "NO", Optional.of("UNAVAILABLE"),
                    UNKNOWN_SEPARATOR));
        }
        ImapCommand rewritten = mailboxes.toServer(ImapText.rewrite(command, commandRegex, wire.utf8()));
        return rewritten == command ? CommandVerdict.pass() : CommandVerdict.replace(rewritten);
    }

    @Override
    public ResponseVerdict<ImapResponse> onResponse(ImapResponse response) {
        mailboxes.learn(response);
        if (response instanceof ImapResponse.Tagged tagged) {
            mailboxes.completed(tagged.tag());
        }
        Optional<ImapResponse> translated = mailboxes.toClient(response);
        if (translated.isEmpty()) {
            return ResponseVerdict.drop();
        }
        ImapResponse current = translated.get();
        if (!rules.capabilities().isEmpty() && current.capabilities().isPresent()) {
            List<String> before = current.capabilities().get();
            List<String> after = CapabilityEdit.applyAll(rules.capabilities(), before);
            if (!after.equals(before)) {
                current = current.withCapabilities(after);
            }
        }
        current = ImapText.rewrite(current, responseRegex, wire.utf8());
        return current == response ? ResponseVerdict.pass() : ResponseVerdict.replace(current);
    }

    @Override
    public int inlineLimit() {
        int limit = mailboxes.active() || rules.deny().stream().anyMatch(d -> !d.mailboxes().isEmpty())
                ? MAILBOX_LITERAL_LIMIT : 0;
        for (ImapRegexRule rule : rules.regex()) {
            if (rule.inLiterals()) {
                limit = Math.max(limit, rule.literalLimit());
            }
        }
        return limit;
    }

    private Optional<ImapDenyRule> refusing(ImapCommand command) {
        if (rules.deny().isEmpty()) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        for (int position : MailboxPositions.ofCommand(command.verb(), command.args())) {
            ImapArg arg = command.args().get(position);
            wire.nameForMatching(arg).ifPresent(names::add);
        }
        String separator = mailboxes.clientSeparator();
        return rules.deny().stream().filter(d -> d.refuses(command, names, separator)).findFirst();
    }
}
