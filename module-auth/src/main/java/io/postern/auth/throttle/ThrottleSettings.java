package io.postern.auth.throttle;

import io.postern.spi.Directive;
import io.postern.spi.DirectiveType;
import io.postern.spi.ServerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The throttle settings of one server, read and checked at start-up.
 *
 * @param enabled {@code auth_throttle}
 * @param window {@code auth_throttle_window}: failures further apart than this are forgotten
 * @param delayAfter {@code auth_throttle_delay_after}: failures before answers are delayed
 * @param maxDelay {@code auth_throttle_max_delay}: the cap of the growing delay
 * @param lockoutAfter {@code auth_throttle_lockout_after}: failures before logins are refused
 * @param lockout {@code auth_throttle_lockout}: how long, after the last failure
 * @param whitelist {@code auth_throttle_whitelist}: networks never throttled
 * @param maxEntries {@code auth_throttle_max_entries}: counters kept at most
 * @param loginNetworkIpv4 {@code auth_throttle_login_network_ipv4}: the prefix of the IPv4 network
 *     a login's failures are counted per
 * @param loginNetworkIpv6 {@code auth_throttle_login_network_ipv6}: the same for IPv6
 * @param shared {@code auth_throttle_store = redis}: the counters live in {@code mail.redis}, shared
 *     by every instance, rather than in this instance's memory ({@code local})
 */
record ThrottleSettings(boolean enabled, Duration window, long delayAfter, Duration maxDelay, long lockoutAfter,
                        Duration lockout, List<Cidr> whitelist, int maxEntries, int loginNetworkIpv4,
                        int loginNetworkIpv6, boolean shared) {

    static final String ENABLED = "auth_throttle";
    static final String WINDOW = "auth_throttle_window";
    static final String DELAY_AFTER = "auth_throttle_delay_after";
    static final String MAX_DELAY = "auth_throttle_max_delay";
    static final String LOCKOUT_AFTER = "auth_throttle_lockout_after";
    static final String LOCKOUT = "auth_throttle_lockout";
    static final String WHITELIST = "auth_throttle_whitelist";
    static final String MAX_ENTRIES = "auth_throttle_max_entries";
    static final String LOGIN_NETWORK_IPV4 = "auth_throttle_login_network_ipv4";
    static final String LOGIN_NETWORK_IPV6 = "auth_throttle_login_network_ipv6";
    static final String STORE = "auth_throttle_store";

    ThrottleSettings {
        whitelist = List.copyOf(whitelist);
    }

    static List<Directive> directives() {
        return List.of(Directive.of(ENABLED, DirectiveType.FLAG), Directive.of(WINDOW, DirectiveType.DURATION),
                Directive.of(DELAY_AFTER, DirectiveType.INTEGER), Directive.of(MAX_DELAY, DirectiveType.DURATION),
                Directive.of(LOCKOUT_AFTER, DirectiveType.INTEGER), Directive.of(LOCKOUT, DirectiveType.DURATION),
                Directive.of(WHITELIST, DirectiveType.STRING_LIST), Directive.of(MAX_ENTRIES, DirectiveType.INTEGER),
                Directive.of(LOGIN_NETWORK_IPV4, DirectiveType.INTEGER),
                Directive.of(LOGIN_NETWORK_IPV6, DirectiveType.INTEGER),
                Directive.oneOf(STORE, DirectiveType.STRING, "local", "redis"));
    }

    /** Reads and checks one server's settings; errors name the directive and where it was set. */
    static ThrottleSettings read(ServerConfig server) {
        List<Cidr> whitelist = new ArrayList<>();
        for (String network : server.strings(WHITELIST)) {
            try {
                whitelist.add(Cidr.parse(network));
            } catch (IllegalArgumentException e) {
                throw server.invalid(WHITELIST, e.getMessage());
            }
        }
        return new ThrottleSettings(server.flag(ENABLED), positive(server, WINDOW), atLeastOne(server, DELAY_AFTER),
                nonNegative(server, MAX_DELAY), atLeastOne(server, LOCKOUT_AFTER), positive(server, LOCKOUT),
                whitelist, (int) Math.min(Integer.MAX_VALUE, atLeastOne(server, MAX_ENTRIES)),
                prefix(server, LOGIN_NETWORK_IPV4, 32), prefix(server, LOGIN_NETWORK_IPV6, 128),
                server.string(STORE).equalsIgnoreCase("redis"));
    }

    /** The delay before answering a key with {@code count} recent failures: 1s, 2s, 4s… from {@link #delayAfter}. */
    Duration delayFor(long count) {
        if (count < delayAfter) {
            return Duration.ZERO;
        }
        long doublings = Math.min(count - delayAfter, 30);
        Duration delay = Duration.ofSeconds(1L << doublings);
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    private static Duration positive(ServerConfig server, String name) {
        Duration value = server.duration(name);
        if (value.isZero() || value.isNegative()) {
            throw server.invalid(name, value.toMillis()
                    + "ms (expected: > 0)");
        }
        return value;
    }

    private static Duration nonNegative(ServerConfig server, String name) {
        Duration value = server.duration(name);
        if (value.isNegative()) {
            throw server.invalid(name, value.toMillis()
                    + "ms (expected: >= 0)");
        }
        return value;
    }

    private static int prefix(ServerConfig server, String name, int bits) {
        long value = server.integer(name);
        if (value < 0 || value > bits) {
            throw server.invalid(name, value
                    + " (expected: a prefix length 0-" + bits + ")");
        }
        return (int) value;
    }

    private static long atLeastOne(ServerConfig server, String name) {
        long value = server.integer(name);
        if (value < 1) {
            throw server.invalid(name, value + " (expected: >= 1)");
        }
        return value;
    }
}
