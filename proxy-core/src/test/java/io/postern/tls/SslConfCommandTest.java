package io.postern.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.testing.ScriptClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ssl_conf_command's per-server commands, seen in real handshakes. */
class SslConfCommandTest {

    @TempDir
    Path dir;

    private TlsFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new TlsFixture(dir);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void ciphersuitesChoosesTheTls13Suites() throws Exception {
        fixture.start(dir, "imap", " ssl", "ssl_conf_command { Ciphersuites = TLS_CHACHA20_POLY1305_SHA256 }");
        try (ScriptClient c = ScriptClient.tls(fixture.address(), fixture.pki.clientContext(), TlsFixture.HOST)) {
            c.run("S: \\* OK IMAP4 ready");
            assertThat(c.tlsSocket().getSession().getProtocol()).isEqualTo("TLSv1.3");
            assertThat(c.tlsSocket().getSession().getCipherSuite()).isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
        }
    }

    @Test
    void maxProtocolCapsTheProtocolsOfSslProtocols() throws Exception {
        fixture.start(dir, "imap", " ssl", "ssl_conf_command { MaxProtocol = TLSv1.2 }");
        try (ScriptClient c = ScriptClient.tls(fixture.address(), fixture.pki.clientContext(), TlsFixture.HOST)) {
            c.run("S: \\* OK IMAP4 ready");
            assertThat(c.tlsSocket().getSession().getProtocol()).isEqualTo("TLSv1.2");
        }
    }
}
