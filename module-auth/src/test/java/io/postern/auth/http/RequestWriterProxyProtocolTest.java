package io.postern.auth.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.AuthRequest;
import io.postern.spi.Credentials;
import io.postern.spi.Protocol;
import io.postern.spi.ProxiedConnection;
import io.postern.spi.ServerConfig;
import io.postern.spi.SessionInfo;
import io.postern.spi.UpstreamAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** nginx's Proxy-Protocol-* headers (1.19.8): after Client-IP and Client-Host, before the SMTP envelope. */
class RequestWriterProxyProtocolTest {

    private static final AuthHttpUrl URL = AuthHttpUrl.parse("127.0.0.1:9000/auth");
    private static final ProxiedConnection HEADER = new ProxiedConnection(
            new InetSocketAddress("192.0.2.1", 123), new InetSocketAddress("192.0.2.2", 5678));

    private static String write(AuthRequest request) {
        return new String(RequestWriter.write(request, URL, TestSessions.nginx(URL.toString())),
                StandardCharsets.UTF_8);
    }

    @Test
    void imapRequestCarriesTheHeadersAddressesAfterClientIp() {
        SessionInfo session = TestSessions.session(Protocol.IMAP, "imap").withProxied(HEADER);
        assertThat(write(new AuthRequest(session, new Credentials.Plain("bob", "pw"), 1))).isEqualTo("""
                GET /auth HTTP/1.0\r
                Host: 127.0.0.1\r
                Auth-Method: plain\r
                Auth-User: bob\r
                Auth-Pass: pw\r
                Auth-Protocol: imap\r
                Auth-Login-Attempt: 1\r
                Client-IP: 192.0.2.7\r
                Proxy-Protocol-Addr: 192.0.2.1\r
                Proxy-Protocol-Port: 123\r
                Proxy-Protocol-Server-Addr: 192.0.2.2\r
                Proxy-Protocol-Server-Port: 5678\r
                \r
                """);
    }

    @Test
    void smtpNoneSendsThemBetweenClientHostAndTheEnvelope() {
        SessionInfo session = TestSessions.session(Protocol.SMTP, "smtp").withProxied(HEADER);
        String request = write(new AuthRequest(session,
                new Credentials.None("client.example", "MAIL FROM:<a@b.example>", "RCPT TO:<c@d.example>"), 1));
        assertThat(request).contains("Client-Host: [UNAVAILABLE]\r\nProxy-Protocol-Addr: 192.0.2.1\r\n"
                + "Proxy-Protocol-Port: 123\r\nProxy-Protocol-Server-Addr: 192.0.2.2\r\n"
                + "Proxy-Protocol-Server-Port: 5678\r\nAuth-SMTP-Helo: client.example\r\n");
    }

    @Test
    void ipv6AddressesArePrintedAsClientIpIs() {
        SessionInfo session = TestSessions.session(Protocol.IMAP, "imap").withProxied(new ProxiedConnection(
                new InetSocketAddress("2001:db8:0:0:0:0:0:1", 40000), new InetSocketAddress("2001:db8::2", 143)));
        assertThat(write(new AuthRequest(session, new Credentials.Plain("bob", "pw"), 1)))
                .contains("Proxy-Protocol-Addr: 2001:db8::1\r\nProxy-Protocol-Port: 40000\r\n"
                        + "Proxy-Protocol-Server-Addr: 2001:db8::2\r\nProxy-Protocol-Server-Port: 143\r\n");
    }

    @Test
    void noHeadersWithoutAProxyProtocolHeader() {
        SessionInfo session = TestSessions.session(Protocol.IMAP, "imap");
        assertThat(write(new AuthRequest(session, new Credentials.Plain("bob", "pw"), 1)))
                .doesNotContain("Proxy-Protocol");
    }
}
