package io.postern.auth.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.AuthRequest;
import io.postern.spi.ClientHost;
import io.postern.spi.Credentials;
import io.postern.spi.Protocol;
import io.postern.spi.ServerConfig;
import io.postern.spi.SessionInfo;
import io.postern.spi.UpstreamAddress;
import io.postern.spi.WireText;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The request, byte for byte as nginx 1.31's ngx_mail_auth_http_create_request writes it. */
class RequestWriterTest {

    private static final AuthHttpUrl URL = AuthHttpUrl.parse("127.0.0.1:9000/mail/auth");

    private static String write(AuthRequest request, AuthHttpSettings settings) {
        return new String(RequestWriter.write(request, URL, settings), StandardCharsets.UTF_8);
    }

    @Test
    void plainLoginIsByteExactWithEscapedUserAndPassword() {
        AuthRequest request = TestSessions.request(Protocol.IMAP,
                new Credentials.Plain("user with space", "pa ss%\u0001\"+=é"), 1);
        assertThat(write(request, TestSessions.nginx(URL.toString()))).isEqualTo("""
                GET /mail/auth HTTP/1.0\r
                Host: 127.0.0.1\r
                Auth-Method: plain\r
                Auth-User: user%20with%20space\r
                Auth-Pass: pa%20ss%25%01"+=é\r
                Auth-Protocol: imap\r
                Auth-Login-Attempt: 1\r
                Client-IP: 192.0.2.7\r
                \r
                """);
    }

    @Test
    void sendsALoginThatIsNotUtf8AsTheClientsBytesNeverReplaced() {
        byte[] first = {'b', (byte) 0xFF, ' ', '%', '\r', (byte) 0xC3, (byte) 0xA9};
        byte[] second = {'b', (byte) 0xFE, ' ', '%', '\r', (byte) 0xC3, (byte) 0xA9};
        AuthRequest one = TestSessions.request(Protocol.IMAP,
                new Credentials.Plain(WireText.decode(first), WireText.decode(new byte[] {'p', (byte) 0x80})), 1);
        AuthRequest two = TestSessions.request(Protocol.IMAP, new Credentials.Plain(WireText.decode(second), "p"), 1);

        String request = new String(RequestWriter.write(one, URL, TestSessions.nginx(URL.toString())),
                StandardCharsets.ISO_8859_1);
        String other = new String(RequestWriter.write(two, URL, TestSessions.nginx(URL.toString())),
                StandardCharsets.ISO_8859_1);

        assertThat(request).contains("\r\nAuth-User: b\u00ff%20%25%0D\u00c3\u00a9\r\nAuth-Pass: p\u0080\r\n");
        assertThat(other).contains("\r\nAuth-User: b\u00fe%20%25%0D\u00c3\u00a9\r\n");
    }

    @Test
    void keepAliveSpeaksHttp11WithConnectionHeaderAfterHost() {
        AuthRequest request = TestSessions.request(Protocol.POP3, new Credentials.Plain("bob", "secret"), 3);
        assertThat(write(request, TestSessions.settings(8, false, URL.toString()))).isEqualTo("""
                GET /mail/auth HTTP/1.1\r
                Host: 127.0.0.1\r
                Connection: keep-alive\r
                Auth-Method: plain\r
                Auth-User: bob\r
                Auth-Pass: secret\r
                Auth-Protocol: pop3\r
                Auth-Login-Attempt: 3\r
                Client-IP: 192.0.2.7\r
                \r
                """);
    }

    @Test
    void cramMd5SendsTheDigestAndTheSalt() {
        AuthRequest request = TestSessions.request(Protocol.IMAP,
                new Credentials.CramMd5("bob", "<4711.1700000000@mail.example.com>", "b913a602c7eda7a495b4e6e7334d3890"), 2);
        assertThat(write(request, TestSessions.nginx(URL.toString()))).isEqualTo("""
                GET /mail/auth HTTP/1.0\r
                Host: 127.0.0.1\r
                Auth-Method: cram-md5\r
                Auth-User: bob\r
                Auth-Pass: b913a602c7eda7a495b4e6e7334d3890\r
                Auth-Salt: <4711.1700000000@mail.example.com>\r
                Auth-Protocol: imap\r
                Auth-Login-Attempt: 2\r
                Client-IP: 192.0.2.7\r
                \r
                """);
    }

    @Test
    void apopSendsTheDigestAndTheSalt() {
        AuthRequest request = TestSessions.request(Protocol.POP3,
                new Credentials.Apop("bob", "<1.2@x>", "c4c9334bac560ecc979e58001b3e22fb"), 1);
        assertThat(write(request, TestSessions.nginx(URL.toString())))
                .contains("Auth-Method: apop\r\nAuth-User: bob\r\nAuth-Pass: c4c9334bac560ecc979e58001b3e22fb\r\n"
                        + "Auth-Salt: <1.2@x>\r\nAuth-Protocol: pop3\r\n");
    }

    @Test
    void externalSendsAnEmptyPassword() {
        AuthRequest request = TestSessions.request(Protocol.IMAP, new Credentials.External("bob"), 1);
        assertThat(write(request, TestSessions.nginx(URL.toString())))
                .contains("Auth-Method: external\r\nAuth-User: bob\r\nAuth-Pass: \r\nAuth-Protocol: imap\r\n");
    }

    @Test
    void smtpNoneSendsClientHostAndTheEnvelope() {
        AuthRequest request = TestSessions.request(Protocol.SMTP,
                new Credentials.None("client.example", "MAIL FROM:<a@b.example> SIZE=100", "RCPT TO:<c@d.example>"), 1);
        assertThat(write(request, TestSessions.nginx(URL.toString()))).isEqualTo("""
                GET /mail/auth HTTP/1.0\r
                Host: 127.0.0.1\r
                Auth-Method: none\r
                Auth-User: \r
                Auth-Pass: \r
                Auth-Protocol: smtp\r
                Auth-Login-Attempt: 1\r
                Client-IP: 192.0.2.7\r
                Client-Host: [UNAVAILABLE]\r
                Auth-SMTP-Helo: client.example\r
                Auth-SMTP-From: MAIL FROM:<a@b.example> SIZE=100\r
                Auth-SMTP-To: RCPT TO:<c@d.example>\r
                \r
                """);
    }

    @Test
    void posternsOwnHeadersComeBeforeTheConfiguredOnesWhichEndTheRequestAsInNginx() {
        AuthHttpSettings settings = new AuthHttpSettings(List.of(URL),
                List.of(new AuthHttpSettings.Header("X-Auth-Key", "s3cr3t"), new AuthHttpSettings.Header("A", "b c")),
                Duration.ofSeconds(1), false, 0, 8192, true);
        AuthRequest request = TestSessions.request(Protocol.IMAP, new Credentials.Plain("bob", "pw"), 1);
        assertThat(write(request, settings)).endsWith("Client-IP: 192.0.2.7\r\nClient-Port: 50312\r\n"
                + "Server-IP: 127.0.0.1\r\nServer-Port: 143\r\nX-Auth-Key: s3cr3t\r\nA: b c\r\n\r\n");
    }

    @Test
    void hostHeaderIsTheUrlsHostWithoutPortAndUriDefaultsToSlash() {
        AuthHttpUrl url = AuthHttpUrl.parse("http://[::1]:8080");
        AuthRequest request = TestSessions.request(Protocol.IMAP, new Credentials.Plain("bob", "pw"), 1);
        String text = new String(RequestWriter.write(request, url, TestSessions.nginx("[::1]:8080")), StandardCharsets.UTF_8);
        assertThat(text).startsWith("GET / HTTP/1.0\r\nHost: [::1]\r\n");
    }

    @ParameterizedTest
    @CsvSource({
        "::1, ::1",
        "2001:db8::1, 2001:db8::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:1:1:1:1:1:1, 2001:db8:1:1:1:1:1:1",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "::, ::",
    })
    void ipv6AddressesArePrintedAsNginxDoes(String address, String nginx) throws Exception {
        byte[] bytes = InetAddress.getByName(address).getAddress();
        if (bytes.length == 16) {
            assertThat(RequestWriter.inet6(bytes)).isEqualTo(nginx);
        }
    }

    @Test
    void ipv4CompatibleAddressesKeepTheDottedTail() throws Exception {
        byte[] compat = InetAddress.getByName("::c000:207").getAddress();
        assertThat(RequestWriter.inet6(compat)).isEqualTo("::192.0.2.7");
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = (byte) 192;
        mapped[15] = 7;
        assertThat(RequestWriter.inet6(mapped)).isEqualTo("::ffff:192.0.0.7");
    }

    @Test
    void smtpSendsTheResolversNameOrItsWordAsClientHostAndImapSendsNone() {
        Credentials login = new Credentials.Plain("bob", "pw");
        AuthRequest named = new AuthRequest(new ResolvedSession(TestSessions.session(Protocol.SMTP, "test"),
                Optional.of(new ClientHost.Name("mx.client.example"))), login, 1);
        AuthRequest temporary = new AuthRequest(new ResolvedSession(TestSessions.session(Protocol.SMTP, "test"),
                Optional.of(new ClientHost.TempUnavailable())), login, 1);

        assertThat(write(named, TestSessions.nginx(URL.toString())))
                .contains("\r\nClient-IP: 192.0.2.7\r\nClient-Host: mx.client.example\r\n\r\n");
        assertThat(write(temporary, TestSessions.nginx(URL.toString())))
                .contains("\r\nClient-IP: 192.0.2.7\r\nClient-Host: [TEMPUNAVAIL]\r\n\r\n");
        assertThat(write(TestSessions.request(Protocol.IMAP, login, 1), TestSessions.nginx(URL.toString())))
                .doesNotContain("Client-Host");
    }

    /** A session whose {@code resolver} found {@code clientHost}. */
    private record ResolvedSession(SessionInfo session, Optional<ClientHost> clientHost) implements SessionInfo {
        @Override
        public String id() {
            return session.id();
        }

        @Override
        public Protocol protocol() {
            return session.protocol();
        }

        @Override
        public ServerConfig server() {
            return session.server();
        }

        @Override
        public InetSocketAddress clientAddress() {
            return session.clientAddress();
        }

        @Override
        public InetSocketAddress localAddress() {
            return session.localAddress();
        }

        @Override
        public boolean secure() {
            return session.secure();
        }

        @Override
        public Instant startTime() {
            return session.startTime();
        }

        @Override
        public Optional<String> login() {
            return session.login();
        }

        @Override
        public Optional<UpstreamAddress> upstream() {
            return session.upstream();
        }
    }
}
