package io.postern.rewrite.smtp;

import io.postern.rewrite.rule.CapabilityEdit;
import io.postern.rewrite.rule.LineRegexRule;
import io.postern.rewrite.rule.Rule;
import io.postern.rewrite.rule.Who;
import java.util.List;

/** The SMTP rules of one server, in the order they are written, or those of one session. */
public record SmtpRules(List<SmtpDenyRule> deny, List<CapabilityEdit> capabilities, List<AddressRule> addresses,
                        List<RecipientLimit> recipients, List<LineRegexRule> regex) {

    public static final SmtpRules NONE = new SmtpRules(List.of(), List.of(), List.of(), List.of(), List.of());

    public SmtpRules {
        deny = List.copyOf(deny);
        capabilities = List.copyOf(capabilities);
        addresses = List.copyOf(addresses);
        recipients = List.copyOf(recipients);
        regex = List.copyOf(regex);
    }

    public SmtpRules forWho(Who who) {
        return new SmtpRules(Rule.forWho(deny, who), Rule.forWho(capabilities, who), Rule.forWho(addresses, who),
                Rule.forWho(recipients, who), Rule.forWho(regex, who));
    }

    public boolean isEmpty() {
        return deny.isEmpty() && capabilities.isEmpty() && addresses.isEmpty() && recipients.isEmpty()
                && regex.isEmpty();
    }
}
