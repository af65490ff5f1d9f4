package io.postern.auth.http;

import io.postern.auth.testkit.FakeSession;
import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.AuthRequest;
import io.postern.spi.Credentials;
import io.postern.spi.Protocol;
import io.postern.spi.ServerConfig;
import io.postern.spi.SessionInfo;
import io.postern.spi.TlsInfo;
import io.postern.spi.UpstreamAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** nginx's Auth-SSL headers: after the SMTP envelope, before auth_http_header, only on TLS sessions. */
class RequestWriterTlsTest {

    private static final AuthHttpUrl URL = AuthHttpUrl.parse("127.0.0.1:9000/mail/auth");
    private static final TlsInfo.ClientCertificate CERT = new TlsInfo.ClientCertificate("O=Postern Tests,CN=alice",
            "O=Postern Tests,CN=test-ca", "0199", "0a1b2c", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");

    private static String write(TlsInfo tls, boolean passClientCert) {
        FakeSession plain = TestSessions.session(Protocol.IMAP, "test");
        AuthRequest request = new AuthRequest(plain.withTls(tls), new Credentials.Plain("bob", "pw"), 1);
        AuthHttpSettings settings = new AuthHttpSettings(List.of(URL),
                List.of(new AuthHttpSettings.Header("X-Auth-Key", "k")), Duration.ofSeconds(1), passClientCert, 0,
                8192, false);
        return new String(RequestWriter.write(request, URL, settings), StandardCharsets.UTF_8);
    }

    @Test
    void sendsProtocolAndCipherWhenClientCertificatesAreNotAskedFor() {
        String request = write(new TlsInfo("TLSv1.3", "TLS_AES_256_GCM_SHA384", Optional.empty(), Optional.empty(),
                Optional.empty()), true);
        assertThat(request).endsWith("Client-IP: 192.0.2.7\r\nAuth-SSL: on\r\nAuth-SSL-Protocol: TLSv1.3\r\n"
                + "Auth-SSL-Cipher: TLS_AES_256_GCM_SHA384\r\nX-Auth-Key: k\r\n\r\n");
    }

    @Test
    void sendsTheCertificatesFactsInNginxsOrder() {
        String request = write(new TlsInfo("TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256", Optional.of("mail.test"),
                Optional.of("SUCCESS"), Optional.of(CERT)), true);
        assertThat(request).endsWith("Auth-SSL: on\r\nAuth-SSL-Protocol: TLSv1.2\r\n"
                + "Auth-SSL-Cipher: ECDHE-RSA-AES128-GCM-SHA256\r\nAuth-SSL-Verify: SUCCESS\r\n"
                + "Auth-SSL-Subject: O=Postern Tests,CN=alice\r\nAuth-SSL-Issuer: O=Postern Tests,CN=test-ca\r\n"
                + "Auth-SSL-Serial: 0199\r\nAuth-SSL-Fingerprint: 0a1b2c\r\n"
                + "Auth-SSL-Cert: -----BEGIN%20CERTIFICATE-----%0AMIIB%0A-----END%20CERTIFICATE-----%0A\r\n"
                + "X-Auth-Key: k\r\n\r\n");
    }

    @Test
    void sendsVerifyNoneAndNoCertificateWithoutPassClientCert() {
        String none = write(new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256", Optional.empty(), Optional.of("NONE"),
                Optional.empty()), true);
        assertThat(none).contains("Auth-SSL-Verify: NONE\r\nX-Auth-Key");
        String withCert = write(new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256", Optional.empty(),
                Optional.of("SUCCESS"), Optional.of(CERT)), false);
        assertThat(withCert).contains("Auth-SSL-Fingerprint: 0a1b2c\r\nX-Auth-Key").doesNotContain("Auth-SSL-Cert");
    }

    @Test
    void plainSessionsSendNoSslHeaders() {
        AuthRequest request = TestSessions.request(Protocol.IMAP, new Credentials.Plain("bob", "pw"), 1);
        assertThat(new String(RequestWriter.write(request, URL, TestSessions.nginx(URL.toString())),
                StandardCharsets.UTF_8)).doesNotContain("Auth-SSL");
    }
}
