package io.postern.limits;

import io.postern.config.RealIpNetwork;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code access} rule, nginx's {@code allow} or {@code deny} directive written as a string:
 * {@code "allow 192.168.0.0/16"}, {@code "deny 2001:db8::/32"}, {@code "deny all"}.
 *
 * @param allow whether a matching client is let in
 * @param network the addresses it matches; empty for {@code all}
 * @param text the rule as written, for logs
 */
public record AccessRule(boolean allow, Optional<RealIpNetwork> network, String text) {

    public AccessRule {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(text, "text");
    }

    /**
     * Parses {@code allow|deny address|CIDR|all}.
     *
     * @throws IllegalArgumentException naming the value and what was expected
     */
    public static AccessRule parse(String rule) {
        Objects.requireNonNull(rule, "rule");
        String[] words = rule.strip().split("\\s+");
        if (words.length != 2 || !(words[0].equals("allow") || words[0].equals("deny"))) {
            throw new IllegalArgumentException("\"" + rule + "\" (expected: \"allow\" or \"deny\", then an address, "
                    + "a network such as 192.0.2.0/24, or all)");
        }
        Optional<RealIpNetwork> network = Optional.empty();
        if (!words[1].equals("all")) {
            try {
                network = Optional.of(RealIpNetwork.parse(words[1]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("\"" + rule + "\": " + e.getMessage(), e);
            }
        }
        return new AccessRule(words[0].equals("allow"), network, rule.strip());
    }

    /** Whether this rule applies to {@code client}. */
    public boolean matches(InetSocketAddress client) {
        return network.map(n -> n.contains(client)).orElse(true);
    }
}
