package io.postern.rewrite.pop3;

import io.postern.rewrite.rule.CapabilityEdit;
import io.postern.rewrite.rule.LineRegexRule;
import io.postern.rewrite.rule.Rule;
import io.postern.rewrite.rule.Who;
import java.util.List;

/** The POP3 rules of one server, in the order they are written, or those of one session. */
public record Pop3Rules(List<Pop3DenyRule> deny, List<CapabilityEdit> capabilities, List<LineRegexRule> regex) {

    public static final Pop3Rules NONE = new Pop3Rules(List.of(), List.of(), List.of());

    public Pop3Rules {
        deny = List.copyOf(deny);
        capabilities = List.copyOf(capabilities);
        regex = List.copyOf(regex);
    }

    public Pop3Rules forWho(Who who) {
        return new Pop3Rules(Rule.forWho(deny, who), Rule.forWho(capabilities, who), Rule.forWho(regex, who));
    }

    public boolean isEmpty() {
        return deny.isEmpty() && capabilities.isEmpty() && regex.isEmpty();
    }
}
