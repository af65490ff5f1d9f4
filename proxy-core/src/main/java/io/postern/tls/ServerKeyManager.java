package io.postern.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.security.auth.x500.X500Principal;

/**
 * Chooses a server block's certificate for a handshake: the first pair, in the order of
 * {@code ssl_certificate}, whose key fits the key type being negotiated, preferring one that
 * names the client's SNI host and is within its validity; the names are read once, here.
 * The pairs keep their aliases ({@code pair-0}, ...), so Netty's cache of OpenSSL's native copy
 * of a key and chain ({@link io.netty.handler.ssl.OpenSslCachingX509KeyManagerFactory}) builds
 * each once.
 *
 * <p>Why not the JDK's {@code NewSunX509}, which chooses the same way: it checks every chain
 * against the algorithm constraints, its validity and its extended key usage and names what it
 * chose afresh, in every handshake (with OpenSSL it also reads the connection's whole
 * SSLParameters): in a profile of implicit-TLS logins it was the largest share of Postern's own
 * code. What it also weighs and this does not: the signature algorithms the client announced
 * (OpenSSL still signs only with a scheme the client offers, and refuses the handshake when no
 * pair fits) and a chain's key usage extensions.
 */
final class ServerKeyManager extends X509ExtendedKeyManager {

    /** One {@code ssl_certificate}/{@code ssl_certificate_key} pair and what the choice needs of it. */
    record Pair(String alias, PrivateKey key, X509Certificate[] chain, String keyAlgorithm, String signedWith,
                List<String> names) {

        static Pair of(String alias, PrivateKey key, X509Certificate[] chain) {
            X509Certificate leaf = chain[0];
            // The signer's key algorithm: the issuer's key when the chain has it, else the
            // one the leaf's signature algorithm names ("SHA256withRSA"), as NewSunX509 reads it.
            String signature = leaf.getSigAlgName().toUpperCase(Locale.ROOT);
            int with = signature.indexOf("WITH");
            String signedWith = chain.length > 1 ? chain[1].getPublicKey().getAlgorithm().toUpperCase(Locale.ROOT)
                    : with < 0 ? signature : signature.substring(with + 4);
            return new Pair(alias, key, chain.clone(), leaf.getPublicKey().getAlgorithm().toUpperCase(Locale.ROOT),
                    signedWith, names(leaf));
        }

        /**
         * Whether the key fits a key type as TLS names them: {@code EC} any EC key,
         * {@code EC_RSA} an EC key signed with RSA, {@code RSASSA-PSS} a PSS key only.
         */
        boolean fits(String keyType) {
            int underscore = keyType.indexOf('_');
            String keyPart = (underscore < 0 ? keyType : keyType.substring(0, underscore)).toUpperCase(Locale.ROOT);
            if (!keyPart.equals(keyAlgorithm)) {
                return false;
            }
            return underscore < 0 || signedWith.startsWith(keyType.substring(underscore + 1).toUpperCase(Locale.ROOT));
        }

        boolean valid(Date now) {
            X509Certificate leaf = chain[0];
            return !now.before(leaf.getNotBefore()) && !now.after(leaf.getNotAfter());
        }

        /** RFC 6125: a DNS name of the certificate, or a wildcard of one left-most label. */
        boolean names(String host) {
            for (String name : names) {
                if (name.equals(host)) {
                    return true;
                }
                if (name.startsWith("*.")) {
                    int dot = host.indexOf('.');
                    if (dot > 0 && host.substring(dot).equals(name.substring(1))) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** The DNS names of the subject alternative names, else the subject's common name. */
        private static List<String> names(X509Certificate leaf) {
            List<String> dns = new ArrayList<>();
            try {
                Collection<List<?>> alternatives = leaf.getSubjectAlternativeNames();
                if (alternatives != null) {
                    for (List<?> alternative : alternatives) {
                        if (Integer.valueOf(2).equals(alternative.get(0))) {
                            dns.add(alternative.get(1).toString().toLowerCase(Locale.ROOT));
                        }
                    }
                }
            } catch (CertificateParsingException e) {
                // none usable: the common name below
            }
            if (dns.isEmpty()) {
                commonName(leaf).ifPresent(cn -> dns.add(cn.toLowerCase(Locale.ROOT)));
            }
            return List.copyOf(dns);
        }

        private static Optional<String> commonName(X509Certificate leaf) {
            for (String part : leaf.getSubjectX500Principal().getName(X500Principal.RFC2253).split(",")) {
                if (part.startsWith("CN=")) {
                    return Optional.of(part.substring(3));
                }
            }
            return Optional.empty();
        }
    }

    private final List<Pair> pairs;

    ServerKeyManager(List<Pair> pairs) {
        this.pairs = List.copyOf(pairs);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return choose(keyType, engine == null ? null : sniHost(engine.getHandshakeSession()));
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return choose(keyType, socket instanceof SSLSocket tls ? sniHost(tls.getHandshakeSession()) : null);
    }

    /**
     * The best pair for the key type: valid and naming {@code host} (the client's SNI name in
     * lower case, or null), else valid, else naming it, else any; the first of equals.
     */
    String choose(String keyType, String host) {
        if (keyType == null) {
            return null;
        }
        Date now = new Date();
        Pair best = null;
        int bestRank = -1;
        for (Pair pair : pairs) {
            if (!pair.fits(keyType)) {
                continue;
            }
            int rank = (pair.valid(now) ? 2 : 0) + (host != null && pair.names(host) ? 1 : 0);
            if (rank > bestRank) {
                best = pair;
                bestRank = rank;
            }
        }
        return best == null ? null : best.alias();
    }

    private static String sniHost(SSLSession handshake) {
        if (!(handshake instanceof ExtendedSSLSession extended)) {
            return null;
        }
        for (SNIServerName name : extended.getRequestedServerNames()) {
            if (name instanceof SNIHostName host) {
                return host.getAsciiName().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** The aliases of the pairs that fit, or null when none does (as the interface asks). */
    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String[] fitting = pairs.stream().filter(p -> p.fits(keyType)).map(Pair::alias).toArray(String[]::new);
        return fitting.length == 0 ? null : fitting;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return pair(alias).map(Pair::key).orElse(null);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return pair(alias).map(p -> p.chain().clone()).orElse(null);
    }

    private Optional<Pair> pair(String alias) {
        for (Pair pair : pairs) {
            if (pair.alias().equals(alias)) {
                return Optional.of(pair);
            }
        }
        return Optional.empty();
    }

    /** A server presents no client certificate. */
    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }
}
