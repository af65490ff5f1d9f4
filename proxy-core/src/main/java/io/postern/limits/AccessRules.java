package io.postern.limits;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A server's {@code access} list, checked as nginx's access module checks its {@code allow} and
 * {@code deny} directives: in order, the first rule that matches the client's address decides;
 * when none matches, the client is let in. An empty list lets everyone in.
 */
public record AccessRules(List<AccessRule> rules) {

    /** No rules: everyone is let in. */
    public static final AccessRules ALLOW_ALL = new AccessRules(List.of());

    public AccessRules {
        rules = List.copyOf(rules);
    }

    /** Parses each rule of {@code written} ({@link AccessRule#parse}). */
    public static AccessRules parse(List<String> written) {
        return new AccessRules(written.stream().map(AccessRule::parse).toList());
    }

    /** Whether {@code client} may connect. */
    public boolean allows(InetSocketAddress client) {
        for (AccessRule rule : rules) {
            if (rule.matches(client)) {
                return rule.allow();
            }
        }
        return true;
    }
}
