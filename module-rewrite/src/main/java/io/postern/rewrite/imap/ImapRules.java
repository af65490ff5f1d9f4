package io.postern.rewrite.imap;

import io.postern.rewrite.rule.CapabilityEdit;
import io.postern.rewrite.rule.Rule;
import io.postern.rewrite.rule.Who;
import java.util.List;

/** The IMAP rules of one server, in the order they are written, or those of one session. */
public record ImapRules(List<MailboxMap> mailboxes, List<NamespaceRule> namespaces, List<ImapDenyRule> deny,
                        List<NoExpungeRule> noExpunge, List<CapabilityEdit> capabilities, List<ImapRegexRule> regex) {

    public static final ImapRules NONE = new ImapRules(List.of(), List.of(), List.of(), List.of(), List.of(),
            List.of());

    public ImapRules {
        mailboxes = List.copyOf(mailboxes);
        namespaces = List.copyOf(namespaces);
        deny = List.copyOf(deny);
        noExpunge = List.copyOf(noExpunge);
        capabilities = List.copyOf(capabilities);
        regex = List.copyOf(regex);
    }

    /** The rules for {@code who}; of the namespace rules, only the first that applies. */
    public ImapRules forWho(Who who) {
        List<NamespaceRule> namespace = Rule.forWho(namespaces, who).stream().limit(1).toList();
        return new ImapRules(Rule.forWho(mailboxes, who), namespace, Rule.forWho(deny, who),
                Rule.forWho(noExpunge, who), Rule.forWho(capabilities, who), Rule.forWho(regex, who));
    }

    public boolean isEmpty() {
        return mailboxes.isEmpty() && namespaces.isEmpty() && deny.isEmpty() && noExpunge.isEmpty()
                && capabilities.isEmpty()
                && regex.isEmpty();
    }
}
