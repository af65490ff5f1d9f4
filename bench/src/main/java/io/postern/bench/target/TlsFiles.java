package io.postern.bench.target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The one certificate and key both proxies present on their implicit-TLS listeners, and the
 * one TLS configuration they are held to, so that a TLS figure compares the proxies and not
 * their settings: TLS 1.3 only, the suite {@value #SUITE}, key exchange over {@value #GROUP},
 * an ECDSA P-256 certificate. The suite is pinned by the load generator, which offers only that
 * protocol and suite ({@code io.postern.bench.load.Clients}): in TLS 1.3 a server can only pick
 * among the suites offered, so every target (direct, with Dovecot's own certificate, too) uses
 * it. The servers are not told the suite: {@code ssl_conf_command Ciphersuites} is something
 * BoringSSL cannot do, and Postern's {@code ssl_provider = auto} would then fall back to the JDK's
 * TLS for that listener.
 */
public record TlsFiles(Path certificate, Path key) {

    /** The pinned protocol. */
    public static final String PROTOCOL = "TLSv1.3";
    /** The pinned cipher suite (IANA and OpenSSL name alike for TLS 1.3). */
    public static final String SUITE = "TLS_AES_128_GCM_SHA256";
    /** The pinned key exchange group, OpenSSL's name (nginx's and Postern's {@code ssl_ecdh_curve}). */
    public static final String GROUP = "X25519";
    /** How the report's variants name these settings. */
    public static final String DESCRIPTION = "TLS 1.3 AES-128-GCM X25519 ECDSA P-256";

    public TlsFiles {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
    }

    /** Writes a self-signed certificate for {@code localhost} and {@code 127.0.0.1} and its PKCS#8 key into {@code dir}. */
    public static TlsFiles create(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        TlsFiles files = new TlsFiles(dir.resolve("bench-cert.pem"), dir.resolve("bench-key.pem"));
        Path log = dir.resolve("openssl.log");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "30", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout", files.key().toString(), "-out", files.certificate().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!openssl.waitFor(30, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
            openssl.destroyForcibly();
            throw new IOException("openssl req failed: " + String.join("\n", lastLines(log)));
        }
        return files;
    }

    private static List<String> lastLines(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return lines.subList(Math.max(0, lines.size() - 10), lines.size());
    }
}
