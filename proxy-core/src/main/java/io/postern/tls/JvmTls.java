package io.postern.tls;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.Security;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.spec.DHParameterSpec;

/**
 * The TLS directives Java 17's TLS can only honour for the whole process, as the system
 * properties the JDK reads once, when its TLS classes first load:
 * {@code ssl_ecdh_curve} ({@code jdk.tls.namedGroups}; {@code SSLParameters.setNamedGroups}
 * came in Java 20), {@code ssl_dhparam} ({@code jdk.tls.server.defaultDHEParameters} with
 * {@code jdk.tls.ephemeralDHKeySize} set to its size, so TLS 1.2's DHE suites use exactly that
 * group) and {@code ssl_session_tickets off}
 * ({@code jdk.tls.server.enableSessionTicketExtension=false}). Every server with TLS must agree
 * on the first two,
 * and the values must be set before the first TLS context is built: {@link #apply} is called
 * by the configuration loader before it builds any. {@code ssl_session_tickets off} in any
 * server switches tickets off for all (resumption then goes through the session cache, as
 * nginx's does without tickets): nothing a server forbids happens on it.
 *
 * @param namedGroups the JDK's group names in order of preference; empty for the JDK's default ({@code auto})
 * @param dhe the finite-field group of {@code ssl_dhparam}, if any
 * @param sessionTickets {@code ssl_session_tickets}
 */
public record JvmTls(List<String> namedGroups, Optional<DHParameterSpec> dhe, boolean sessionTickets) {

    /** What the JDK does when nothing is said. */
    public static final JvmTls DEFAULTS = new JvmTls(List.of(), Optional.empty(), true);

    static final String NAMED_GROUPS = "jdk.tls.namedGroups";
    static final String DHE_PARAMETERS = "jdk.tls.server.defaultDHEParameters";
    static final String DHE_KEY_SIZE = "jdk.tls.ephemeralDHKeySize";
    static final String SESSION_TICKETS = "jdk.tls.server.enableSessionTicketExtension";

    /** OpenSSL's names (as nginx passes them on) for the groups the JDK has, and the JDK's own. */
    private static final Map<String, String> GROUPS = groups();

    /** The properties this process set, and to what: the JDK has read them, so they cannot change. */
    private static final Map<String, String> APPLIED = new ConcurrentHashMap<>();

    public JvmTls {
        namedGroups = List.copyOf(namedGroups);
        Objects.requireNonNull(dhe, "dhe");
    }

    /**
     * nginx's {@code ssl_ecdh_curve}: {@code auto}, or OpenSSL group names separated by colons
     * ({@code X25519:prime256v1:secp384r1}), as the JDK's names.
     */
    public static List<String> namedGroups(String directive, String written) throws TlsConfigException {
        if (written.equalsIgnoreCase("auto")) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String name : written.split(":", -1)) {
            String jdk = GROUPS.get(name.toLowerCase(Locale.ROOT));
            if (jdk == null) {
                throw new TlsConfigException(directive, "\"" + written + "\" (\"" + name + "\" is not a group the JDK's"
                        + " TLS has; expected: auto, or a list such as X25519:prime256v1:secp384r1 of X25519, X448,"
                        + " prime256v1, secp384r1, secp521r1, ffdhe2048, ffdhe3072, ffdhe4096, ffdhe6144, ffdhe8192)");
            }
            if (!out.contains(jdk)) {
                out.add(jdk);
            }
        }
        return out;
    }

    /**
     * nginx's {@code ssl_dhparam}: a PEM file of PKCS#3 parameters ({@code openssl dhparam}),
     * checked as the JDK checks them (a safe prime of 1024 to 8192 bits, a multiple of 64),
     * since the JDK would otherwise skip a bad group silently.
     */
    public static DHParameterSpec dhParameters(String directive, Path file) throws TlsConfigException {
        if (!Files.isReadable(file)) {
            throw new TlsConfigException(directive, "\"" + file + "\" (cannot open: no such readable file)");
        }
        DHParameterSpec spec;
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            int begin = text.indexOf("-----BEGIN DH PARAMETERS-----");
            int end = text.indexOf("-----END DH PARAMETERS-----");
            if (begin < 0 || end < begin) {
                throw new TlsConfigException(directive, "\"" + file + "\" (expected: BEGIN DH PARAMETERS, as written by"
                        + " openssl dhparam)");
            }
            byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + 29, end));
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("DH");
            parameters.init(der);
            spec = parameters.getParameterSpec(DHParameterSpec.class);
        } catch (TlsConfigException e) {
            throw e;
        } catch (Exception e) {
            throw new TlsConfigException(directive, "\"" + file + "\" (cannot read DH parameters: "
                    + PemFiles.message(e) + ")", e);
        }
        BigInteger p = spec.getP();
        int bits = p.bitLength();
        if (bits < 1024 || bits > 8192 || bits % 64 != 0) {
            throw new TlsConfigException(directive, "\"" + file + "\" (a " + bits + "-bit group; expected: 1024 to"
                    + " 8192 bits, a multiple of 64)");
        }
        if (!p.isProbablePrime(40) || !p.shiftRight(1).isProbablePrime(40)) {
            throw new TlsConfigException(directive, "\"" + file + "\" (expected: a safe prime, as openssl dhparam"
                    + " writes without -dsaparam)");
        }
        return spec;
    }

    /** The system properties that say this, for the values that differ from the JDK's defaults. */
    public Map<String, String> properties() {
        Map<String, String> out = new LinkedHashMap<>();
        if (!namedGroups.isEmpty()) {
            out.put(NAMED_GROUPS, String.join(",", namedGroups));
        }
        dhe.ifPresent(d -> {
            out.put(DHE_PARAMETERS, "{" + d.getP().toString(16) + "," + d.getG().toString(16) + "}");
            out.put(DHE_KEY_SIZE, Integer.toString(d.getP().bitLength()));
        });
        if (!sessionTickets) {
            out.put(SESSION_TICKETS, "false");
        }
        return out;
    }

    /**
     * Sets the properties (and clears those this process set before and no longer wants), unless
     * the JVM was started with other values for them. A value changed by a reload is set too,
     * but the JDK has read the old one already: such changes need a restart (documented).
     *
     * @return why they cannot be applied, naming the property; empty when they are
     */
    public static synchronized Optional<String> apply(JvmTls wanted) {
        Map<String, String> properties = wanted.properties();
        for (Map.Entry<String, String> p : properties.entrySet()) {
            String current = get(p.getKey());
            if (current != null && !current.equals(p.getValue()) && !APPLIED.containsKey(p.getKey())) {
                return Optional.of("the JVM was started with " + p.getKey() + "=" + current
                        + ", which this directive would change (expected: one or the other)");
            }
        }
        for (String key : List.copyOf(APPLIED.keySet())) {
            if (!properties.containsKey(key)) {
                set(key, null);
                APPLIED.remove(key);
            }
        }
        properties.forEach((key, value) -> {
            set(key, value);
            APPLIED.put(key, value);
        });
        return Optional.empty();
    }

    /** jdk.tls.server.defaultDHEParameters is a security property (java.security), the others system properties. */
    private static String get(String key) {
        if (key.equals(DHE_PARAMETERS)) {
            String value = Security.getProperty(key);
            return value == null || value.isBlank() ? null : value;
        }
        return System.getProperty(key);
    }

    private static void set(String key, String value) {
        if (key.equals(DHE_PARAMETERS)) {
            Security.setProperty(key, value == null ? "" : value);
        } else if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    private static Map<String, String> groups() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String name : List.of("prime256v1", "p-256", "secp256r1")) {
            m.put(name, "secp256r1");
        }
        for (String name : List.of("secp384r1", "p-384")) {
            m.put(name, "secp384r1");
        }
        for (String name : List.of("secp521r1", "p-521")) {
            m.put(name, "secp521r1");
        }
        m.put("x25519", "x25519");
        m.put("x448", "x448");
        for (String ffdhe : List.of("ffdhe2048", "ffdhe3072", "ffdhe4096", "ffdhe6144", "ffdhe8192")) {
            m.put(ffdhe, ffdhe);
        }
        return Map.copyOf(m);
    }
}
