package io.postern.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code ssl_prefer_server_ciphers}: with {@code on} the server's order of {@code ssl_ciphers}
 * wins, with {@code off} (nginx's default) the client's; with either provider (the build runs
 * every TLS test with the JDK's too).
 */
class CipherPreferenceTest {

    private static final String AES_128 = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
    private static final String AES_256 = "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";

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

    @ParameterizedTest
    @CsvSource({"on, " + AES_256, "off, " + AES_128})
    void theServersOrderWinsOnlyWhenPreferred(String prefer, String negotiated) throws Exception {
        fixture.start(dir, "imap", " ssl", "ssl_protocols = [TLSv1.2]\n"
                + "ssl_ciphers = \"ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256\"\n"
                + "ssl_prefer_server_ciphers = " + prefer);
        SSLContext context = fixture.pki.clientContext();
        try (Socket plain = new Socket(fixture.address().getAddress(), fixture.address().getPort());
             SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, TlsFixture.HOST,
                     fixture.address().getPort(), true)) {
            tls.setUseClientMode(true);
            tls.setEnabledProtocols(new String[] {"TLSv1.2"});
            tls.setEnabledCipherSuites(new String[] {AES_128, AES_256});
            tls.startHandshake();
            assertThat(tls.getSession().getCipherSuite()).isEqualTo(negotiated);
        }
    }
}
