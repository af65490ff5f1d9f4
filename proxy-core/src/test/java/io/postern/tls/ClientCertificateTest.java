package io.postern.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postern.spi.TlsInfo;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.TestPki;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client certificates (nginx's mail_imap_ssl.t: {@code ssl_verify_client} on, optional,
 * optional_no_ca, and the facts the AUTH phase sees), certificate selection by SNI, and ALPN
 * (mail_ssl.t), on IMAP listeners with {@code ssl}.
 */
class ClientCertificateTest {

    @TempDir
    Path dir;

    private TlsFixture fixture;
    private TestPki other;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new TlsFixture(dir);
        other = TestPki.create(dir.resolve("other"), "other-ca");
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private String verify(String mode) {
        return "ssl_verify_client = " + mode + "\nssl_client_certificate = \"" + fixture.pki.caFile() + "\"";
    }

    private ScriptClient imaps(SSLContext context) throws Exception {
        return ScriptClient.tls(fixture.address(), context, TlsFixture.HOST);
    }

    @Test
    void onWithoutCertificateSaysNoRequiredCertificate() throws Exception {
        fixture.start(dir, "imap", " ssl", verify("on"));
        try (ScriptClient c = imaps(fixture.pki.clientContext())) {
            c.run("""
                    S: \\* BYE No required SSL certificate
                    S: <closed>
                    """);
        }
    }

    @Test
    void optionalWithAnUntrustedCertificateSaysCertificateError() throws Exception {
        fixture.start(dir, "imap", " ssl", verify("optional"));
        try (ScriptClient c = imaps(fixture.pki.clientContext(other.client("mallory")))) {
            c.run("""
                    S: \\* BYE SSL certificate error
                    S: <closed>
                    """);
        }
    }

    @Test
    void optionalWithoutCertificateLogsInWithVerifyNone() throws Exception {
        fixture.start(dir, "imap", " ssl", verify("optional"));
        try (ScriptClient c = imaps(fixture.pki.clientContext())) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 LOGIN %s %s
                    S: (\\* .*|a1 OK .*)
                    """.formatted(TlsFixture.USER, TlsFixture.PASSWORD));
        }
        TlsInfo tls = fixture.requests.get(0).session().tls().orElseThrow();
        assertThat(tls.verifyResult()).contains("NONE");
        assertThat(tls.clientCertificate()).isEmpty();
    }

    @Test
    void optionalNoCaAcceptsAnyCertificateAndReportsTheFailure() throws Exception {
        fixture.start(dir, "imap", " ssl", verify("optional_no_ca"));
        try (ScriptClient c = imaps(fixture.pki.clientContext(other.client("stranger")))) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 LOGIN %s %s
                    S: (\\* .*|a1 OK .*)
                    """.formatted(TlsFixture.USER, TlsFixture.PASSWORD));
        }
        TlsInfo tls = fixture.requests.get(0).session().tls().orElseThrow();
        assertThat(tls.verifyResult().orElseThrow()).startsWith("FAILED:");
        assertThat(tls.clientCertificate().orElseThrow().subject()).isEqualTo("O=Postern Tests,CN=stranger");
    }

    @Test
    void revokedCertificateListedInSslCrlSaysCertificateError() throws Exception {
        TestPki.Issued alice = fixture.pki.client("alice");
        Path crl = fixture.pki.crl("revoked.crl", alice.certificate());
        fixture.start(dir, "imap", " ssl", verify("on") + "\nssl_crl = \"" + crl + "\"");
        try (ScriptClient c = imaps(fixture.pki.clientContext(alice))) {
            c.run("""
                    S: \\* BYE SSL certificate error
                    S: <closed>
                    """);
        }
        assertThat(fixture.requests).isEmpty();
    }

    @Test
    void certificateNotListedInSslCrlLogsIn() throws Exception {
        TestPki.Issued alice = fixture.pki.client("alice");
        Path crl = fixture.pki.crl("others.crl", fixture.pki.client("mallory").certificate());
        fixture.start(dir, "imap", " ssl", verify("on") + "\nssl_crl = \"" + crl + "\"");
        try (ScriptClient c = imaps(fixture.pki.clientContext(alice))) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 LOGIN %s %s
                    S: (\\* .*|a1 OK .*)
                    """.formatted(TlsFixture.USER, TlsFixture.PASSWORD));
        }
        assertThat(fixture.requests.get(0).session().tls().orElseThrow().verifyResult()).contains("SUCCESS");
    }

    @Test
    void trustedCertificateReachesTheAuthPhaseWithNginxsFacts() throws Exception {
        fixture.start(dir, "imap", " ssl", verify("on"));
        TestPki.Issued alice = fixture.pki.client("alice");
        try (ScriptClient c = imaps(fixture.pki.clientContext(alice))) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 LOGIN %s %s
                    S: (\\* .*|a1 OK .*)
                    """.formatted(TlsFixture.USER, TlsFixture.PASSWORD));
        }
        TlsInfo tls = fixture.requests.get(0).session().tls().orElseThrow();
        assertThat(tls.verifyResult()).contains("SUCCESS");
        assertThat(tls.serverName()).contains(TlsFixture.HOST);
        TlsInfo.ClientCertificate cert = tls.clientCertificate().orElseThrow();
        assertThat(cert.subject()).isEqualTo("O=Postern Tests,CN=alice");
        assertThat(cert.issuer()).isEqualTo("O=Postern Tests,CN=test-ca");
        assertThat(cert.serial()).isEqualTo(TlsFacts.serial(alice.certificate().getSerialNumber()));
        assertThat(cert.fingerprint()).hasSize(40).matches("[0-9a-f]+");
        assertThat(cert.pem()).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
    }

    @Test
    void selectsTheCertificateByServerName() throws Exception {
        TestPki.Issued a = fixture.pki.server("a.test");
        TestPki.Issued b = fixture.pki.server("b.test");
        fixture.start(dir, "imap", " ssl", "ssl_certificate = [\"" + a.certificateFile() + "\", \""
                + b.certificateFile() + "\"]\nssl_certificate_key = [\"" + a.keyFile() + "\", \"" + b.keyFile() + "\"]");
        for (String name : List.of("a.test", "b.test")) {
            try (ScriptClient c = ScriptClient.tls(fixture.address(), fixture.pki.clientContext(), name)) {
                X509Certificate served = (X509Certificate) c.tlsSocket().getSession().getPeerCertificates()[0];
                assertThat(served.getSubjectX500Principal().getName(X500Principal.RFC2253))
                        .isEqualTo("O=Postern Tests,CN=" + name);
                c.run("S: \\* OK IMAP4 ready");
            }
        }
    }

    @Test
    void acceptsTheProtocolsAlpnAndRefusesAnother() throws Exception {
        fixture.start(dir, "imap", " ssl", "");
        try (SSLSocket socket = alpnSocket("imap")) {
            socket.startHandshake();
            assertThat(socket.getApplicationProtocol()).isEqualTo("imap");
        }
        try (SSLSocket socket = alpnSocket("unknown")) {
            if (PosternFixture.testsRunOpenSsl()) {
                // netty-tcnative's selector cannot send the fatal alert: no ALPN answer instead.
                socket.startHandshake();
                assertThat(socket.getApplicationProtocol()).isEmpty();
            } else {
                assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
            }
        }
    }

    private SSLSocket alpnSocket(String protocol) throws Exception {
        SSLSocket socket = (SSLSocket) fixture.pki.clientContext().getSocketFactory()
                .createSocket(fixture.address().getAddress(), fixture.address().getPort());
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {protocol});
        parameters.setServerNames(List.of(new SNIHostName(TlsFixture.HOST)));
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(10_000);
        return socket;
    }
}
