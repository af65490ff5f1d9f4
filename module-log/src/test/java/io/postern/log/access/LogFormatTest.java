package io.postern.log.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postern.log.session.AuthStatus;
import io.postern.log.session.ClosedSession;
import io.postern.log.session.LiveSession;
import io.postern.spi.CloseReason;
import io.postern.spi.Protocol;
import io.postern.spi.ServerConfig;
import io.postern.spi.SessionInfo;
import io.postern.spi.SessionSummary;
import io.postern.spi.TlsInfo;
import io.postern.spi.UpstreamAddress;
import io.postern.spi.WireText;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

public class LogFormatTest {

    public static ClosedSession session(String login) {
        LiveSession live = new LiveSession("0000002a", "imap", Protocol.IMAP,
                new InetSocketAddress("192.0.2.7", 50312), new InetSocketAddress("127.0.0.1", 143),
                Instant.parse("2025-03-04T05:06:07Z"), false, Optional.empty(), Optional.ofNullable(login),
                Optional.of(new UpstreamAddress("::1", 3143)), Optional.of(Duration.ofMillis(12)),
                AuthStatus.OK, true);
        return new ClosedSession(live, new SessionSummary(CloseReason.CLIENT_CLOSED, Duration.ofMillis(1234), 100,
                2000, 1, ""), Instant.parse("2025-03-04T05:06:08.234Z"));
    }

    @Test
    void replacesVariablesWithAndWithoutBraces() {
        LogFormat format = LogFormat.compile("t", "$remote_addr:${remote_port}x [$upstream_addr] $upstream_connect_time "
                + "$session_time $close_reason $auth_status/$auth_attempts $bytes_received>$bytes_sent $tls_protocol");
        assertThat(format.format(session("bob"))).isEqualTo(
                "192.0.2.7:50312x [[::1]:3143] 0.012 1.234 client_closed ok/1 100>2000 -");
    }

    @Test
    void givesTheClientConnectionsTlsVersionAndCipher() {
        ClosedSession plain = session("bob");
        LiveSession secured = plain.session().refreshedFrom(new TlsSession(plain.session()));
        ClosedSession tls = new ClosedSession(secured, plain.summary(), plain.endTime(), plain.commands());

        LogFormat format = LogFormat.compile("t", "$tls_protocol $tls_cipher");

        assertThat(format.format(plain)).isEqualTo("- -");
        assertThat(format.format(tls)).isEqualTo("TLSv1.3 TLS_AES_128_GCM_SHA256");
    }

    /** The session after a handshake, as the core reports it. */
    private record TlsSession(LiveSession live) implements SessionInfo {
        @Override
        public String id() {
            return live.id();
        }

        @Override
        public Protocol protocol() {
            return live.protocol();
        }

        @Override
        public ServerConfig server() {
            throw new UnsupportedOperationException();
        }

        @Override
        public InetSocketAddress clientAddress() {
            return live.client();
        }

        @Override
        public InetSocketAddress localAddress() {
            return live.local();
        }

        @Override
        public boolean secure() {
            return true;
        }

        @Override
        public Optional<TlsInfo> tls() {
            return Optional.of(new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256", Optional.empty(), Optional.empty(),
                    Optional.empty()));
        }

        @Override
        public Instant startTime() {
            return live.startTime();
        }

        @Override
        public Optional<String> login() {
            return live.login();
        }

        @Override
        public Optional<UpstreamAddress> upstream() {
            return live.upstream();
        }
    }

    @Test
    void escapesClientInputTheWayNginxDoes() {
        LogFormat format = LogFormat.compile("t", "\"$login\"");
        assertThat(format.format(session("a\"b\\c\r\nd é"))).isEqualTo("\"a\\x22b\\x5Cc\\x0D\\x0Ad \\xC3\\xA9\"");
        assertThat(format.format(session(null))).isEqualTo("\"-\"");
    }

    @Test
    void writesAByteThatWasNotUtf8AsItselfNotAsAQuestionMark() {
        String login = WireText.decode(new byte[] {'b', (byte) 0xFF, 0x1B, (byte) 0xC3, (byte) 0xA9});

        assertThat(LogFormat.compile("t", "$login").format(session(login))).isEqualTo("b\\xFF\\x1B\\xC3\\xA9");
        assertThat(LogFormat.compile("t", "escape=json $login").format(session(login))).isEqualTo("b\\\\xFF\\u001bé");
    }

    @Test
    void escapesForJsonWhenAsked() {
        LogFormat format = LogFormat.compile("t", "escape=json {\"login\":\"$login\"}");
        assertThat(format.format(session("a\"b\\c\n\u0001é"))).isEqualTo("{\"login\":\"a\\\"b\\\\c\\n\\u0001é\"}");
        assertThat(LogFormat.compile("t", "escape=none $login").format(session("a\"b"))).isEqualTo("a\"b");
    }

    @Test
    void refusesAnUnknownVariableNamingTheFormatAndTheVariable() {
        assertThatThrownBy(() -> LogFormat.compile("mine", "$remote_addr $request"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("log_format: format \"mine\": unknown variable \"$request\"")
                .hasMessageContaining("$remote_addr");
        assertThatThrownBy(() -> LogFormat.compile("mine", "cost: $5")).hasMessageContaining("\"$5\"");
        assertThatThrownBy(() -> LogFormat.compile("mine", "escape=xml $login"))
                .hasMessageContaining("escape=xml (expected: escape=default, escape=json or escape=none)");
    }

    @Test
    void refusesToRedefineABuiltInFormat() {
        assertThatThrownBy(() -> LogFormats.with(Map.of("json", "$login")))
                .hasMessage("log_format: format \"json\" is built in (expected: another name)");
        assertThat(LogFormats.with(Map.of("short", "$login"))).containsKeys("main", "json", "short");
    }
}
