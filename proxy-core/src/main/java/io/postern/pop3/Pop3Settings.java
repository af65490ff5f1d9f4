package io.postern.pop3;

import io.postern.config.CoreDirectives;
import io.postern.sasl.SaslMechanism;
import io.postern.spi.ServerConfig;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One server block's POP3 settings ({@code pop3_auth}, {@code pop3_capabilities},
 * {@code pop3_client_buffer}), read once per server and immutable, with the answers that
 * depend only on them (CAPA, the AUTH listing) built up front as nginx's merge step does.
 *
 * @param apop whether {@code APOP} is accepted ({@code pop3_auth apop})
 * @param mechanisms the SASL mechanisms accepted, in nginx's order (PLAIN, LOGIN, CRAM-MD5,
 *     EXTERNAL, XOAUTH2, OAUTHBEARER); {@code plain} enables PLAIN and LOGIN, as in nginx
 * @param userPass whether {@code USER}/{@code PASS} is accepted ({@code pop3_auth plain})
 * @param capaLines the lines of the CAPA answer between the status line and the final dot
 * @param clientBuffer the longest command line before login, line ending included
 */
record Pop3Settings(boolean apop, Set<SaslMechanism> mechanisms, boolean userPass, List<String> capaLines,
                    int clientBuffer) {

    Pop3Settings {
        mechanisms = Set.copyOf(mechanisms);
        capaLines = List.copyOf(capaLines);
        if (clientBuffer < 0) {
            throw new IllegalArgumentException("clientBuffer: " + clientBuffer + " (expected: >= 0)");
        }
    }

    /** Reads the settings of a checked server configuration. */
    static Pop3Settings of(ServerConfig config) {
        Objects.requireNonNull(config, "config");
        List<String> auth = config.strings(CoreDirectives.POP3_AUTH);
        boolean plain = auth.contains("plain");
        Set<SaslMechanism> mechanisms = EnumSet.noneOf(SaslMechanism.class);
        if (plain) {
            mechanisms.add(SaslMechanism.PLAIN);
            mechanisms.add(SaslMechanism.LOGIN);
        }
        if (auth.contains("cram-md5")) {
            mechanisms.add(SaslMechanism.CRAM_MD5);
        }
        if (auth.contains("external")) {
            mechanisms.add(SaslMechanism.EXTERNAL);
        }
        if (auth.contains("xoauth2")) {
            mechanisms.add(SaslMechanism.XOAUTH2);
        }
        if (auth.contains("oauthbearer")) {
            mechanisms.add(SaslMechanism.OAUTHBEARER);
        }
        return new Pop3Settings(auth.contains("apop"), mechanisms, plain,
                capaLines(config.strings(CoreDirectives.POP3_CAPABILITIES), names(mechanisms), plain),
                Math.toIntExact(config.size(CoreDirectives.POP3_CLIENT_BUFFER)));
    }

    /** Whether the greeting carries a salt: APOP and CRAM-MD5 digest it (nginx). */
    boolean needsSalt() {
        return apop || mechanisms.contains(SaslMechanism.CRAM_MD5);
    }

    /** Whether {@code mechanism} may be used with {@code AUTH}. */
    boolean accepts(SaslMechanism mechanism) {
        return mechanisms.contains(mechanism);
    }

    /** The accepted mechanisms' wire names, in nginx's order. */
    List<String> mechanismNames() {
        return names(mechanisms);
    }

    private static List<String> names(Set<SaslMechanism> mechanisms) {
        List<String> names = new ArrayList<>();
        for (SaslMechanism mechanism : SaslMechanism.values()) { // declared in nginx's order
            if (mechanisms.contains(mechanism)) {
                names.add(mechanism.wireName());
            }
        }
        return names;
    }

    /**
     * nginx's CAPA body: the configured capabilities, then {@code SASL} and the mechanisms.
     * Unlike nginx, the SASL line is left out when no mechanism is enabled (nginx then sends
     * a bare {@code SASL}), and so is {@code USER} when {@code USER}/{@code PASS} is refused.
     */
    private static List<String> capaLines(List<String> capabilities, List<String> mechanisms, boolean userPass) {
        List<String> lines = new ArrayList<>();
        for (String capability : capabilities) {
            if (userPass || !capability.toUpperCase(Locale.ROOT).equals("USER")) {
                lines.add(capability);
            }
        }
        if (!mechanisms.isEmpty()) {
            lines.add("SASL " + String.join(" ", mechanisms));
        }
        return lines;
    }
}
