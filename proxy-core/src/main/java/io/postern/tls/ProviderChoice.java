package io.postern.tls;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The TLS provider a server block's contexts use, resolved from {@code ssl_provider}, and why
 * {@code auto} took the JDK's when it did. BoringSSL lacks a few things the JDK's TLS does
 * (DHE suites for {@code ssl_dhparam}, a choice of TLS 1.3 suites, the X448 and ffdhe groups):
 * {@code auto} then keeps the JDK's for that block, and {@code openssl} is a configuration
 * error naming the directive.
 *
 * @param provider {@link TlsProvider#OPENSSL} or {@link TlsProvider#JDK}
 * @param fallback why {@code auto} chose the JDK's; empty when it chose OpenSSL or was not asked
 */
public record ProviderChoice(TlsProvider provider, Optional<String> fallback) {

    /** Group names of ssl_ecdh_curve that BoringSSL knows (OpenSSL's spellings and NIST's). */
    private static final List<String> BORINGSSL_GROUPS = List.of("x25519", "prime256v1", "secp256r1", "p-256",
            "secp384r1", "p-384", "secp521r1", "p-521");

    public ProviderChoice {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(fallback, "fallback");
        if (provider == TlsProvider.AUTO) {
            throw new IllegalArgumentException("provider: auto (expected: openssl or jdk)");
        }
    }

    /** The provider for the upstream side, which asks nothing of OpenSSL that BoringSSL lacks. */
    static ProviderChoice upstream(TlsProvider wanted) throws TlsConfigException {
        return resolve(wanted, List.of());
    }

    /** The provider for the client side of {@code config}. */
    static ProviderChoice server(ServerTlsConfig config, ConfCommands commands) throws TlsConfigException {
        List<Blocker> blockers = new ArrayList<>();
        config.dhparam().ifPresent(file -> blockers.add(new Blocker("ssl_dhparam", "\"" + file + "\"",
                "BoringSSL has no DHE suites")));
        commands.tls13Suites().ifPresent(suites -> blockers.add(new Blocker("ssl_conf_command", "\"Ciphersuites "
                + String.join(":", suites) + "\"", "BoringSSL does not let its TLS 1.3 suites be chosen")));
        String groupDirective = commands.groups().isPresent() ? "ssl_conf_command" : "ssl_ecdh_curve";
        String groups = commands.groups().orElse(config.ecdhCurve());
        if (!groups.equalsIgnoreCase("auto")) {
            for (String group : groups.split(":")) {
                if (!BORINGSSL_GROUPS.contains(group.toLowerCase(Locale.ROOT))) {
                    blockers.add(new Blocker(groupDirective, "\"" + groups + "\"", "BoringSSL has no group \""
                            + group + "\"; it has X25519, prime256v1, secp384r1 and secp521r1"));
                    break;
                }
            }
        }
        return resolve(config.provider(), blockers);
    }

    /** Something a server block asks for that BoringSSL cannot do. */
    private record Blocker(String directive, String value, String why) {
    }

    private static ProviderChoice resolve(TlsProvider wanted, List<Blocker> blockers) throws TlsConfigException {
        switch (wanted) {
            case JDK -> {
                return new ProviderChoice(TlsProvider.JDK, Optional.empty());
            }
            case OPENSSL -> {
                Optional<String> unavailable = TlsProvider.openSslUnavailability();
                if (unavailable.isPresent()) {
                    throw new TlsConfigException("ssl_provider", "openssl (OpenSSL is not available here: "
                            + unavailable.get() + "; expected: auto or jdk)");
                }
                if (!blockers.isEmpty()) {
                    Blocker first = blockers.get(0);
                    throw new TlsConfigException(first.directive(), first.value() + " (not supported with"
                            + " ssl_provider openssl: " + first.why() + "; expected: ssl_provider jdk or auto)");
                }
                return new ProviderChoice(TlsProvider.OPENSSL, Optional.empty());
            }
            default -> {
                Optional<String> unavailable = TlsProvider.openSslUnavailability();
                if (unavailable.isPresent()) {
                    return new ProviderChoice(TlsProvider.JDK, Optional.of("OpenSSL is not available: "
                            + unavailable.get()));
                }
                if (!blockers.isEmpty()) {
                    Blocker first = blockers.get(0);
                    return new ProviderChoice(TlsProvider.JDK, Optional.of(first.directive() + " " + first.value()
                            + " needs it: " + first.why()));
                }
                return new ProviderChoice(TlsProvider.OPENSSL, Optional.empty());
            }
        }
    }

    /** "OpenSSL (BoringSSL)" or "the JDK's", for the start-up report. */
    public String describe() {
        return provider == TlsProvider.OPENSSL ? "OpenSSL (" + TlsProvider.openSslVersion().orElse("?") + ")"
                : "the JDK's";
    }
}
