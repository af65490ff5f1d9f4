package io.postern.tls;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * nginx's {@code ssl_conf_command}: OpenSSL configuration commands, of which the JDK's TLS can
 * honour a few. Per server: {@code Ciphersuites} (the TLS 1.3 suites), {@code MinProtocol},
 * {@code MaxProtocol}, {@code Options [-]ServerPreference}; for the whole process (see
 * {@link JvmTls}): {@code Groups} and {@code Curves} (as {@code ssl_ecdh_curve}) and
 * {@code Options [-]SessionTicket}. Any other command, or option, is a configuration error
 * naming it. Names are matched without regard to case, as OpenSSL reads a configuration file.
 *
 * @param tls13Suites the TLS 1.3 suites to enable, in the JDK's names; empty to keep the JDK's
 * @param minProtocol the lowest protocol ({@code TLSv1.2}), if given
 * @param maxProtocol the highest protocol, if given
 * @param serverPreference {@code Options ServerPreference} or {@code -ServerPreference}, if given
 * @param groups the {@code Groups} or {@code Curves} value as written, if given
 * @param sessionTickets {@code Options SessionTicket} or {@code -SessionTicket}, if given
 */
public record ConfCommands(Optional<List<String>> tls13Suites, Optional<String> minProtocol,
                           Optional<String> maxProtocol, Optional<Boolean> serverPreference,
                           Optional<String> groups, Optional<Boolean> sessionTickets) {

    private static final String DIRECTIVE = "ssl_conf_command";
    private static final List<String> TLS13_SUITES = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256");
    private static final String EXPECTED = "expected: Ciphersuites, MinProtocol, MaxProtocol, Groups, Curves or"
            + " Options; the JDK's TLS has no other";

    public ConfCommands {
        Objects.requireNonNull(tls13Suites, "tls13Suites");
        Objects.requireNonNull(minProtocol, "minProtocol");
        Objects.requireNonNull(maxProtocol, "maxProtocol");
        Objects.requireNonNull(serverPreference, "serverPreference");
        Objects.requireNonNull(groups, "groups");
        Objects.requireNonNull(sessionTickets, "sessionTickets");
    }

    /** Whether Postern can honour the command {@code name} (for the converter). */
    public static boolean supports(String name, String value) {
        try {
            parse(Map.of(name, value));
            return true;
        } catch (TlsConfigException e) {
            return false;
        }
    }

    /** Reads the commands, refusing what the JDK cannot do. */
    public static ConfCommands parse(Map<String, String> commands) throws TlsConfigException {
        Optional<List<String>> suites = Optional.empty();
        Optional<String> min = Optional.empty();
        Optional<String> max = Optional.empty();
        Optional<Boolean> preference = Optional.empty();
        Optional<String> groups = Optional.empty();
        Optional<Boolean> tickets = Optional.empty();
        for (Map.Entry<String, String> c : commands.entrySet()) {
            String value = c.getValue().trim();
            switch (c.getKey().toLowerCase(Locale.ROOT)) {
                case "ciphersuites" -> suites = Optional.of(suites(value));
                case "minprotocol" -> min = Optional.of(protocol(c.getKey(), value));
                case "maxprotocol" -> max = Optional.of(protocol(c.getKey(), value));
                case "groups", "curves" -> {
                    JvmTls.namedGroups(DIRECTIVE, value);
                    groups = Optional.of(value);
                }
                case "options" -> {
                    for (String option : value.split(",")) {
                        String o = option.trim();
                        boolean on = !o.startsWith("-");
                        switch (o.replaceFirst("^-", "").toLowerCase(Locale.ROOT)) {
                            case "serverpreference" -> preference = Optional.of(on);
                            case "sessionticket" -> tickets = Optional.of(on);
                            default -> throw new TlsConfigException(DIRECTIVE, "\"Options " + value + "\" (the option \""
                                    + o + "\" is not supported with the JDK's TLS; expected: ServerPreference,"
                                    + " -ServerPreference, SessionTicket, -SessionTicket)");
                        }
                    }
                }
                default -> throw new TlsConfigException(DIRECTIVE, "\"" + c.getKey() + "\" (not supported with the"
                        + " JDK's TLS; " + EXPECTED + ")");
            }
        }
        return new ConfCommands(suites, min, max, preference, groups, tickets);
    }

    /** The protocols of {@code configured} within MinProtocol and MaxProtocol. */
    String[] limit(String[] configured) throws TlsConfigException {
        List<String> order = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
        int low = minProtocol.map(order::indexOf).orElse(0);
        int high = maxProtocol.map(order::indexOf).orElse(order.size() - 1);
        List<String> out = new ArrayList<>();
        for (String protocol : configured) {
            int i = order.indexOf(protocol);
            if (i >= low && i <= high) {
                out.add(protocol);
            }
        }
        if (out.isEmpty()) {
            throw new TlsConfigException(DIRECTIVE, "MinProtocol " + minProtocol.orElse("none") + ", MaxProtocol "
                    + maxProtocol.orElse("none") + " (expected: a range that keeps one of ssl_protocols)");
        }
        return out.toArray(new String[0]);
    }

    private static List<String> suites(String value) throws TlsConfigException {
        List<String> out = new ArrayList<>();
        for (String suite : value.split(":")) {
            String s = suite.trim();
            if (s.isEmpty()) {
                continue;
            }
            if (!TLS13_SUITES.contains(s)) {
                throw new TlsConfigException(DIRECTIVE, "\"Ciphersuites " + value + "\" (\"" + s + "\" is not a TLS 1.3"
                        + " suite the JDK has; expected: " + String.join(", ", TLS13_SUITES) + ")");
            }
            out.add(s);
        }
        return out;
    }

    private static String protocol(String name, String value) throws TlsConfigException {
        for (String p : List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")) {
            if (p.equalsIgnoreCase(value)) {
                return p;
            }
        }
        throw new TlsConfigException(DIRECTIVE, "\"" + name + " " + value + "\" (expected: TLSv1, TLSv1.1, TLSv1.2"
                + " or TLSv1.3)");
    }
}
