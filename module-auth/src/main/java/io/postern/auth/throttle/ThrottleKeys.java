package io.postern.auth.throttle;

import io.postern.spi.WireText;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The counters one login attempt touches: its client's address, and its login from the client's
 * network. Store keys are plain strings, so that a shared store (Redis) can hold them as they
 * are: {@code ip:192.0.2.7}, {@code ip:2001:db8:0:0:0:0:0:0/64} (an IPv6 client owns at least a
 * /64), {@code login:192.0.2.0/24 bob} (the network first: it holds no space, so the login that
 * follows may hold anything).
 *
 * @param address the client address's counter
 * @param login the login's counter for the client's network; empty when the attempt names no login
 */
record ThrottleKeys(Key address, Optional<Key> login) {

    /** The per-address counter of an IPv6 client covers its /64, what one subscriber gets at least. */
    static final int IPV6_ADDRESS_PREFIX = 64;

    /**
     * One counter.
     *
     * @param id the store's key
     * @param login the login of a login's counter, as the client sent it; {@code null} for an address's
     */
    record Key(String id, String login) {

        /**
         * For log lines, the login escaped with {@link WireText#escape}: made only when a line is
         * written, from the id, never for every login.
         */
        String description() {
            if (login == null) {
                return "client " + id.substring("ip:".length());
            }
            return "login \"" + WireText.escape(login) + "\" from " + id.substring("login:".length(), id.indexOf(' '));
        }
    }

    static ThrottleKeys of(ThrottleSettings settings, InetAddress client, String login) {
        boolean v4 = client instanceof Inet4Address;
        String address = v4 ? client.getHostAddress() : Cidr.of(client, IPV6_ADDRESS_PREFIX).toString();
        Key byAddress = new Key("ip:" + address, null);
        if (login.isEmpty()) {
            return new ThrottleKeys(byAddress, Optional.empty());
        }
        // Logins differing only in case are one key, so case games do not evade the counter.
        String name = login.toLowerCase(Locale.ROOT);
        Cidr network = Cidr.of(client, v4 ? settings.loginNetworkIpv4() : settings.loginNetworkIpv6());
        Key byLogin = new Key("login:" + network + " " + name, login);
        return new ThrottleKeys(byAddress, Optional.of(byLogin));
    }

    List<Key> all() {
        return login.map(l -> List.of(address, l)).orElse(List.of(address));
    }
}
