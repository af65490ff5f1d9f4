package io.postern.tls;

import io.netty.handler.ssl.SslContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads PEM certificates and keys with Netty's own reader, whose methods are reachable only
 * from a subclass of {@link SslContext}: this class is never instantiated. Keys are PKCS#8
 * ({@code BEGIN PRIVATE KEY}) or encrypted PKCS#8 ({@code BEGIN ENCRYPTED PRIVATE KEY});
 * OpenSSL's traditional forms ({@code BEGIN RSA PRIVATE KEY}) are refused with a hint.
 */
abstract class PemFiles extends SslContext {

    private PemFiles() {
    }

    /** A certificate chain, leaf first. */
    static X509Certificate[] certificates(String directive, Path file) throws TlsConfigException {
        readable(directive, file);
        try {
            X509Certificate[] chain = toX509Certificates(file.toFile());
            if (chain.length == 0) {
                throw new TlsConfigException(directive, "\"" + file + "\" (expected: PEM certificates)");
            }
            return chain;
        } catch (TlsConfigException e) {
            throw e;
        } catch (Exception e) {
            throw new TlsConfigException(directive, "\"" + file + "\" (cannot read certificates: " + message(e) + ")", e);
        }
    }

    /**
     * A private key, trying no password and then each of {@code passwords} in turn, as
     * nginx's {@code ssl_password_file} does.
     */
    static PrivateKey privateKey(String directive, Path file, List<String> passwords) throws TlsConfigException {
        readable(directive, file);
        String text;
        try {
            text = Files.readString(file, java.nio.charset.StandardCharsets.US_ASCII);
        } catch (Exception e) {
            throw new TlsConfigException(directive, "\"" + file + "\" (cannot read: " + message(e) + ")", e);
        }
        if (text.contains("BEGIN RSA PRIVATE KEY") || text.contains("BEGIN EC PRIVATE KEY")) {
            throw new TlsConfigException(directive, "\"" + file + "\" (expected: a PKCS#8 key, BEGIN PRIVATE KEY;"
                    + " convert it with openssl pkcs8 -topk8)");
        }
        List<String> tries = new ArrayList<>();
        if (!text.contains("ENCRYPTED")) {
            tries.add(null);
        }
        tries.addAll(passwords);
        Exception last = null;
        for (String password : tries) {
            try {
                return toPrivateKey(file.toFile(), password);
            } catch (Exception e) {
                last = e;
            }
        }
        String why = last == null ? "an encrypted key needs ssl_password_file" : message(last);
        throw new TlsConfigException(directive, "\"" + file + "\" (cannot read the private key: " + why + ")", last);
    }

    /** A trust store holding every certificate of a PEM file, for a CA list. */
    static KeyStore trustStore(String directive, Path file) throws TlsConfigException {
        X509Certificate[] cas = certificates(directive, file);
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < cas.length; i++) {
                store.setCertificateEntry("ca-" + i, cas[i]);
            }
            return store;
        } catch (Exception e) {
            throw new TlsConfigException(directive, "\"" + file + "\" (" + message(e) + ")", e);
        }
    }

    /** Every certificate revocation list of a PEM (or DER) file, for {@code ssl_crl}. */
    static List<java.security.cert.X509CRL> crls(String directive, Path file) throws TlsConfigException {
        readable(directive, file);
        try (java.io.InputStream in = Files.newInputStream(file)) {
            List<java.security.cert.X509CRL> out = new ArrayList<>();
            for (java.security.cert.CRL crl : java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCRLs(in)) {
                out.add((java.security.cert.X509CRL) crl);
            }
            if (out.isEmpty()) {
                throw new TlsConfigException(directive, "\"" + file + "\" (expected: PEM certificate revocation lists,"
                        + " BEGIN X509 CRL)");
            }
            return out;
        } catch (TlsConfigException e) {
            throw e;
        } catch (Exception e) {
            throw new TlsConfigException(directive, "\"" + file + "\" (cannot read revocation lists: " + message(e)
                    + ")", e);
        }
    }

    private static void readable(String directive, Path file) throws TlsConfigException {
        if (!Files.isReadable(file)) {
            throw new TlsConfigException(directive, "\"" + file + "\" (cannot open: no such readable file)");
        }
    }

    static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getMessage() == null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

}
