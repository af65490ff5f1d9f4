package io.postern.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.OpenSslCachingX509KeyManagerFactory;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.KeyManagerFactoryWrapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.X509CRL;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds a {@link ServerTls} from a server block's {@code ssl_*} directives, with the provider
 * {@code ssl_provider} resolves to ({@link ProviderChoice}): OpenSSL or the JDK's TLS. Several
 * certificate/key pairs go into one key store: the JDK's key manager then picks the pair whose
 * key type the client supports (RSA, ECDSA) and whose names match the client's SNI host name,
 * which is how one listener serves several names (OpenSSL asks the same key manager).
 */
public final class ServerTlsBuilder {

    /** The protocols nginx knows; SSLv2 and SSLv3 are refused, the JDK has neither. */
    private static final List<String> PROTOCOLS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    /** nginx's builtin cache holds 20480 sessions by default. */
    private static final long BUILTIN_CACHE_SESSIONS = 20480;
    /** nginx: about 4000 sessions per megabyte of shared cache. */
    private static final long BYTES_PER_SESSION = 256;

    private ServerTlsBuilder() {
    }

    /** Loads the files and builds the context; every problem names its directive. */
    public static ServerTls build(ServerTlsConfig config) throws TlsConfigException {
        if (config.certificates().size() != config.keys().size()) {
            throw new TlsConfigException("ssl_certificate_key", config.keys().size() + " key(s) for "
                    + config.certificates().size() + " certificate(s) (expected: one ssl_certificate_key per"
                    + " ssl_certificate, in the same order)");
        }
        ConfCommands commands = ConfCommands.parse(config.confCommands());
        ProviderChoice choice = ProviderChoice.server(config, commands);
        SslContextBuilder builder = SslContextBuilder.forServer(keyManagers(config,
                        choice.provider() == TlsProvider.OPENSSL))
                .sslProvider(choice.provider().netty())
                .protocols(commands.limit(protocols("ssl_protocols", config.protocols())))
                .sessionTimeout(config.sessionTimeout().toSeconds())
                .sessionCacheSize(sessionCacheSize(config.sessionCache()))
                .applicationProtocolConfig(alpn(choice, config.alpn()));
        boolean openSsl = choice.provider() == TlsProvider.OPENSSL;
        String groups = commands.groups().orElse(config.ecdhCurve());
        if (openSsl && !groups.equalsIgnoreCase("auto")) {
            builder.option(OpenSslContextOption.GROUPS, OpenSslTls.groups(groups));
        }
        CipherList.toJdk("ssl_ciphers", config.ciphers())
                .ifPresent(list -> builder.ciphers(list, IdentityCipherSuiteFilter.INSTANCE));
        if (config.verifyClient() != VerifyClient.OFF) {
            // OPTIONAL even for "on": the handshake completes and the session answers in the
            // protocol's words (RecordingTrustManager), as nginx does.
            builder.clientAuth(ClientAuth.OPTIONAL)
                    .trustManager(new RecordingTrustManager(clientCas(config), config.verifyDepth()));
        } else if (config.crl().isPresent()) {
            PemFiles.crls("ssl_crl", config.crl().get()); // read as nginx reads it, unused without verification
        }
        try {
            SslContext context = builder.build();
            Optional<String[]> suites = commands.tls13Suites().map(tls13 -> withTls13Suites(context, tls13));
            boolean noTickets = openSsl && !commands.sessionTickets().orElse(config.sessionTickets());
            return new ServerTls(config, choice, context, noTickets, config.verifyClient(),
                    commands.serverPreference().orElse(config.preferServerCiphers()), suites, config.handshakeTimeout());
        } catch (Exception e) {
            throw new TlsConfigException("ssl_protocols", "cannot set up TLS: " + PemFiles.message(e), e);
        }
    }

    /**
     * nginx's mail ALPN: the server block's protocol, and a client that offers only others is
     * refused with a fatal alert. netty-tcnative's selector cannot send that alert: with OpenSSL
     * such a client gets no ALPN answer and the handshake goes on (documented in the README).
     */
    private static ApplicationProtocolConfig alpn(ProviderChoice choice, String protocol) {
        return new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                choice.provider() == TlsProvider.OPENSSL ? ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE
                        : ApplicationProtocolConfig.SelectorFailureBehavior.FATAL_ALERT,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, protocol);
    }

    /** The context's suites with its TLS 1.3 ones replaced by {@code tls13} (ssl_conf_command Ciphersuites). */
    private static String[] withTls13Suites(SslContext context, List<String> tls13) {
        List<String> out = new ArrayList<>(tls13);
        for (String suite : context.cipherSuites()) {
            if (!suite.startsWith("TLS_AES_") && !suite.startsWith("TLS_CHACHA20_")) {
                out.add(suite);
            }
        }
        return out.toArray(new String[0]);
    }

    /**
     * The pairs' key manager ({@link ServerKeyManager}), for OpenSSL behind Netty's cache of the
     * native key material (built once per pair, not in every handshake).
     */
    private static KeyManagerFactory keyManagers(ServerTlsConfig config, boolean openSsl) throws TlsConfigException {
        List<String> passwords = passwords(config.passwordFile());
        try {
            List<ServerKeyManager.Pair> pairs = new ArrayList<>();
            for (int i = 0; i < config.certificates().size(); i++) {
                X509Certificate[] chain = PemFiles.certificates("ssl_certificate", config.certificates().get(i));
                PrivateKey key = PemFiles.privateKey("ssl_certificate_key", config.keys().get(i), passwords);
                checkPair(config.keys().get(i), chain[0], key);
                pairs.add(ServerKeyManager.Pair.of("pair-" + i, key, chain));
            }
            KeyManagerFactory factory = new KeyManagerFactoryWrapper(new ServerKeyManager(pairs));
            return openSsl ? new OpenSslCachingX509KeyManagerFactory(factory) : factory;
        } catch (TlsConfigException e) {
            throw e;
        } catch (Exception e) {
            throw new TlsConfigException("ssl_certificate", "cannot use the certificates: " + PemFiles.message(e), e);
        }
    }

    /** A key that does not belong to its certificate fails here, not at the first handshake. */
    private static void checkPair(Path keyFile, X509Certificate cert, PrivateKey key) throws TlsConfigException {
        String certAlgorithm = family(cert.getPublicKey().getAlgorithm());
        if (!certAlgorithm.equals(family(key.getAlgorithm()))) {
            throw new TlsConfigException("ssl_certificate_key", "\"" + keyFile + "\" (a " + key.getAlgorithm()
                    + " key for a " + certAlgorithm + " certificate)");
        }
        try {
            java.security.Signature signer = java.security.Signature.getInstance(
                    certAlgorithm.equals("EC") ? "SHA256withECDSA" : "SHA256with" + certAlgorithm);
            byte[] probe = "postern".getBytes(StandardCharsets.US_ASCII);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            signer.initVerify(cert.getPublicKey());
            signer.update(probe);
            if (!signer.verify(signature)) {
                throw new TlsConfigException("ssl_certificate_key", "\"" + keyFile
                        + "\" (the key does not match its ssl_certificate)");
            }
        } catch (TlsConfigException e) {
            throw e;
        } catch (Exception e) {
            // An algorithm this probe does not know (Ed25519...): the JDK checks it at the handshake.
        }
    }

    /** Providers name EC keys "EC" or "ECDSA". */
    private static String family(String algorithm) {
        return algorithm.equals("ECDSA") ? "EC" : algorithm;
    }

    static List<String> passwords(Optional<Path> file) throws TlsConfigException {
        if (file.isEmpty()) {
            return List.of();
        }
        try {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(file.get(), StandardCharsets.UTF_8)) {
                if (!line.isEmpty()) {
                    out.add(line);
                }
            }
            return out;
        } catch (IOException e) {
            throw new TlsConfigException("ssl_password_file", "\"" + file.get() + "\" (cannot read: "
                    + PemFiles.message(e) + ")", e);
        }
    }

    static String[] protocols(String directive, List<String> written) throws TlsConfigException {
        List<String> out = new ArrayList<>();
        for (String protocol : written) {
            Optional<String> known = PROTOCOLS.stream().filter(p -> p.equalsIgnoreCase(protocol)).findFirst();
            if (known.isEmpty()) {
                throw new TlsConfigException(directive, "\"" + protocol + "\" (expected: TLSv1, TLSv1.1, TLSv1.2, TLSv1.3)");
            }
            out.add(known.get());
        }
        if (out.isEmpty()) {
            throw new TlsConfigException(directive, "[] (expected: at least one of TLSv1.2, TLSv1.3)");
        }
        return out.toArray(new String[0]);
    }

    private static X509TrustManager clientCas(ServerTlsConfig config) throws TlsConfigException {
        List<X509CRL> crls = config.crl().isEmpty() ? List.of() : PemFiles.crls("ssl_crl", config.crl().get());
        if (config.clientCertificate().isEmpty()) {
            if (config.verifyClient() == VerifyClient.OPTIONAL_NO_CA) {
                return null;
            }
            throw new TlsConfigException("ssl_verify_client", config.verifyClient().configName()
                    + " (expected: ssl_client_certificate naming the CAs to check client certificates against)");
        }
        KeyStore store = PemFiles.trustStore("ssl_client_certificate", config.clientCertificate().get());
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            if (crls.isEmpty()) {
                factory.init(store);
            } else {
                factory.init(new CertPathTrustManagerParameters(revocationChecked(store, crls)));
            }
            return (X509TrustManager) factory.getTrustManagers()[0];
        } catch (Exception e) {
            throw new TlsConfigException(crls.isEmpty() ? "ssl_client_certificate" : "ssl_crl", PemFiles.message(e), e);
        }
    }

    /**
     * nginx's {@code ssl_crl}: OpenSSL's CRL_CHECK and CRL_CHECK_ALL, so every certificate of the
     * chain needs a list from its issuer, and a certificate on one is refused. Only the lists of
     * the file are used: no OCSP, no fetching from distribution points.
     */
    private static PKIXBuilderParameters revocationChecked(KeyStore cas, List<X509CRL> crls) throws Exception {
        PKIXBuilderParameters parameters = new PKIXBuilderParameters(cas, new X509CertSelector());
        parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
        PKIXRevocationChecker checker = (PKIXRevocationChecker) CertPathBuilder.getInstance("PKIX")
                .getRevocationChecker();
        checker.setOptions(EnumSet.of(PKIXRevocationChecker.Option.PREFER_CRLS,
                PKIXRevocationChecker.Option.NO_FALLBACK));
        parameters.addCertPathChecker(checker);
        parameters.setRevocationEnabled(true);
        return parameters;
    }

    /**
     * The JDK's cache is sized in sessions: {@code builtin[:n]} is n sessions (20480 by
     * default), {@code shared:name:size} about 4000 per megabyte as in nginx, the largest of
     * several wins. {@code none} and {@code off} leave one entry: the JDK cannot switch its
     * cache off, and TLS 1.3 resumes through tickets regardless.
     */
    static long sessionCacheSize(List<String> words) throws TlsConfigException {
        long size = 1;
        for (String word : words) {
            String w = word.toLowerCase(Locale.ROOT);
            if (w.equals("none") || w.equals("off")) {
                continue;
            }
            if (w.equals("builtin")) {
                size = Math.max(size, BUILTIN_CACHE_SESSIONS);
            } else if (w.matches("builtin:\\d+")) {
                size = Math.max(size, Long.parseLong(w.substring("builtin:".length())));
            } else if (w.matches("shared:[^:]+:\\d+[km]?")) {
                String bytes = w.substring(w.lastIndexOf(':') + 1);
                long multiplier = bytes.endsWith("m") ? 1024 * 1024 : bytes.endsWith("k") ? 1024 : 1;
                String digits = bytes.replaceAll("[km]$", "");
                size = Math.max(size, Long.parseLong(digits) * multiplier / BYTES_PER_SESSION);
            } else {
                throw new TlsConfigException("ssl_session_cache", "\"" + word
                        + "\" (expected: none, off, builtin, builtin:N or shared:NAME:SIZE)");
            }
        }
        return size;
    }
}
