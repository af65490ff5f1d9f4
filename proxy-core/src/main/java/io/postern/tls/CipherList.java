package io.postern.tls;

import io.netty.handler.ssl.CipherSuiteConverter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns nginx's {@code ssl_ciphers} (an OpenSSL cipher string) into the JDK's cipher suite
 * names, for the parts the JDK can honour:
 *
 * <ul>
 *   <li>{@code HIGH}, {@code DEFAULT}, {@code ALL} and {@code +HIGH} mean the JDK's default
 *       suites, which already leave out everything below them;</li>
 *   <li>exclusions of what the JDK never enables ({@code !aNULL}, {@code !eNULL},
 *       {@code !EXPORT}, {@code !MD5}, {@code !RC4}, {@code !DES}, {@code !3DES}, {@code !SSLv2},
 *       {@code !PSK}, {@code !SRP}, {@code !DSS}, {@code !CAMELLIA}, {@code !SEED},
 *       {@code !IDEA}, {@code !kRSA}, with {@code !} or {@code -}) are accepted and change
 *       nothing;</li>
 *   <li>single suites, in OpenSSL's names ({@code ECDHE-RSA-AES128-GCM-SHA256}) or the IANA
 *       names the JDK uses ({@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}), make an explicit
 *       list in the order written.</li>
 * </ul>
 *
 * Anything else ({@code kEECDH+AESGCM}, {@code @STRENGTH}) is refused rather than guessed at.
 * As with OpenSSL, the list governs TLS 1.2 and below: the TLS 1.3 suites stay enabled.
 */
final class CipherList {

    private static final Set<String> DEFAULT_ALIASES = Set.of("HIGH", "DEFAULT", "ALL", "+HIGH");
    private static final Set<String> HARMLESS_EXCLUSIONS = Set.of("ANULL", "ENULL", "NULL", "EXPORT", "MD5", "RC4",
            "DES", "3DES", "SSLV2", "PSK", "SRP", "DSS", "CAMELLIA", "SEED", "IDEA", "KRSA", "LOW", "MEDIUM", "ADH",
            "AECDH", "EXP");
    private static final List<String> TLS13_SUITES = List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
            "TLS_CHACHA20_POLY1305_SHA256");

    private CipherList() {
    }

    /**
     * The JDK suites to enable, or empty for the JDK's defaults.
     *
     * @throws TlsConfigException naming the part that cannot be mapped
     */
    static Optional<List<String>> toJdk(String directive, String openSsl) throws TlsConfigException {
        List<String> explicit = new ArrayList<>();
        for (String part : openSsl.split("[:, ]+")) {
            if (part.isEmpty() || DEFAULT_ALIASES.contains(part.toUpperCase(Locale.ROOT))) {
                continue;
            }
            if (part.startsWith("!") || part.startsWith("-")) {
                if (!HARMLESS_EXCLUSIONS.contains(part.substring(1).toUpperCase(Locale.ROOT))) {
                    throw unsupported(directive, openSsl, part);
                }
                continue;
            }
            explicit.add(suite(directive, openSsl, part));
        }
        if (explicit.isEmpty()) {
            return Optional.empty();
        }
        for (String suite : TLS13_SUITES) {
            if (!explicit.contains(suite)) {
                explicit.add(suite);
            }
        }
        return Optional.of(List.copyOf(explicit));
    }

    private static String suite(String directive, String openSsl, String part) throws TlsConfigException {
        if (part.startsWith("TLS_") || part.startsWith("SSL_")) {
            return part;
        }
        String java = CipherSuiteConverter.toJava(part, "TLS");
        if (java == null || !part.matches("[A-Z0-9-]+") || !part.contains("-")) {
            throw unsupported(directive, openSsl, part);
        }
        return java;
    }

    private static TlsConfigException unsupported(String directive, String openSsl, String part) {
        return new TlsConfigException(directive, "\"" + openSsl + "\" (\"" + part + "\" cannot be mapped to the JDK's"
                + " cipher suites; expected: HIGH, DEFAULT, exclusions such as !aNULL:!MD5, or single suites such as"
                + " ECDHE-RSA-AES128-GCM-SHA256)");
    }
}
