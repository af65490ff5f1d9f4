package io.postern.testing.upstreams;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made with the
 * {@code openssl} command (Dovecot reads PEM files; the JDK cannot write a private key as PEM
 * without a library).
 */
final class SelfSigned {

    private SelfSigned() {
    }

    /** Writes a P-256 key to {@code key} and its certificate to {@code cert}, valid for 30 days. */
    static void create(Path cert, Path key, Path log) throws IOException, InterruptedException {
        Files.createDirectories(cert.getParent());
        Files.createDirectories(key.getParent());
        int exit = Daemons.run(List.of("openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "30", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout", key.toString(), "-out", cert.toString()), log, Duration.ofSeconds(30));
        if (exit != 0) {
            throw new IOException("openssl req failed (exit " + exit + "):\n" + Daemons.tail(log, 20));
        }
    }
}
