package io.postern.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.testing.PosternFixture;
import io.postern.testing.TestPki;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.DHParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ssl_ecdh_curve and ssl_dhparam, which Java 17 honours for the whole process: Postern runs in
 * a JVM of its own, and OpenSSL's client reports what the handshake used.
 */
class JvmTlsTest {

    @TempDir
    Path dir;

    @Test
    void sslEcdhCurveRestrictsTheKeyExchangeGroup() throws Exception {
        String handshake = handshakeWith("ssl_ecdh_curve = secp384r1\n",
                "-tls1_3", "-groups", "X25519:prime256v1:secp384r1");
        assertThat(handshake).contains("Server Temp Key: ECDH, secp384r1, 384 bits");
    }

    @Test
    void sslSessionTicketsOffIssuesNoTicket() throws Exception {
        String handshake = handshakeWith("ssl_session_tickets = off\n", "-tls1_2");
        assertThat(handshake).contains("Cipher is ECDHE-").doesNotContain("TLS session ticket lifetime hint");
    }

    @Test
    void sslDhparamIsTheGroupOfDheSuites() throws Exception {
        // Made once with "openssl dhparam 2048" (public parameters; making them here takes too long).
        Path dhparam = Path.of(JvmTlsTest.class.getResource("dhparam-2048.pem").toURI());
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("DH");
        parameters.init(Base64.getMimeDecoder().decode(Files.readString(dhparam).replaceAll("-----[A-Z ]+-----", "")));
        BigInteger p = parameters.getParameterSpec(DHParameterSpec.class).getP();

        // A client that offers no RFC 7919 group, so the server's own DHE group is used. BoringSSL
        // has no DHE suites: ssl_provider auto serves this server with the JDK's TLS.
        String handshake = handshakeWith("ssl_provider = auto\nssl_dhparam = \"" + dhparam
                + "\"\nssl_ciphers = DHE-RSA-AES128-GCM-SHA256\n",
                "-tls1_2", "-groups", "X25519", "-msg");

        assertThat(handshake).contains("Server Temp Key: DH, 2048 bits");
        assertThat(handshake.replaceAll("\\s", "")).contains(p.toString(16));
    }

    /** Starts Postern on an IMAP listener with TLS and {@code directives}, and connects openssl s_client. */
    private String handshakeWith(String directives, String... clientOptions) throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), "test-ca");
        TestPki.Issued cert = pki.server("localhost");
        Path config = dir.resolve("probe.conf");
        Files.writeString(config, "mail {\nssl_certificate = \"" + cert.certificateFile() + "\"\nssl_certificate_key = \""
                + cert.keyFile() + "\"\n" + directives + "servers { s { protocol = imap, listen = \"127.0.0.1:0 ssl\" } }\n}\n");
        String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process probe = new ProcessBuilder(javaCommand, "-cp", System.getProperty("java.class.path"),
                "-D" + PosternFixture.SSL_PROVIDER_PROPERTY + "=" + System.getProperty(
                        PosternFixture.SSL_PROVIDER_PROPERTY, ""),
                JvmTlsProbe.class.getName(), config.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = lines.readLine();
            } while (line != null && !line.startsWith("PORT "));
            assertThat(line).as("the probe's port").isNotNull();
            java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("openssl", "s_client",
                    "-connect", "127.0.0.1:" + line.substring(5), "-servername", "localhost"));
            command.addAll(java.util.List.of(clientOptions));
            Process client = new ProcessBuilder(command).redirectErrorStream(true).start();
            client.getOutputStream().close();
            String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(client.waitFor(30, TimeUnit.SECONDS)).isTrue();
            return out;
        } finally {
            try (OutputStream stop = probe.getOutputStream()) {
                stop.write('\n');
            } catch (java.io.IOException e) {
                // gone already
            }
            if (!probe.waitFor(10, TimeUnit.SECONDS)) {
                probe.destroyForcibly();
            }
        }
    }
}
