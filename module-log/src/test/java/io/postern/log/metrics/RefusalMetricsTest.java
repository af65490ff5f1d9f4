package io.postern.log.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.log.session.CommandTally;
import io.postern.log.session.SessionTracker;
import io.postern.spi.BufferPoolUsage;
import io.postern.spi.CloseReason;
import io.postern.spi.Protocol;
import io.postern.spi.Refusal;
import io.postern.spi.ServerConfig;
import io.postern.spi.SessionInfo;
import io.postern.spi.SessionSummary;
import io.postern.spi.UpstreamAddress;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Refused clients are counted by the directive that refused them, never by address or login. */
class RefusalMetricsTest {

    private static String scrape(MailMetrics metrics) throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(text, metrics.registry().scrape());
        return text.toString(StandardCharsets.UTF_8);
    }

    /** A session of server {@code server} from {@code client}, as the core shows it. */
    private static SessionInfo session(String id, String server, Protocol protocol, String client, String login) {
        ServerConfig config = (ServerConfig) Proxy.newProxyInstance(ServerConfig.class.getClassLoader(),
                new Class<?>[] {ServerConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("name")) {
                        return server;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new SessionInfo() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public Protocol protocol() {
                return protocol;
            }

            @Override
            public ServerConfig server() {
                return config;
            }

            @Override
            public InetSocketAddress clientAddress() {
                return new InetSocketAddress(client, 40000);
            }

            @Override
            public InetSocketAddress localAddress() {
                return new InetSocketAddress("127.0.0.1", 143);
            }

            @Override
            public boolean secure() {
                return false;
            }

            @Override
            public Instant startTime() {
                return Instant.parse("2026-01-01T00:00:00Z");
            }

            @Override
            public Optional<String> login() {
                return Optional.ofNullable(login);
            }

            @Override
            public Optional<UpstreamAddress> upstream() {
                return Optional.empty();
            }
        };
    }

    @Test
    void countsEachRefusalByItsDirectiveAndTheSessionAsClosedRefused() throws Exception {
        MailMetrics metrics = new MailMetrics(() -> 0, () -> 0, () -> new BufferPoolUsage(0, 0));
        SessionTracker tracker = new SessionTracker(List.of(metrics), new CommandTally());
        SessionSummary refused = new SessionSummary(CloseReason.REFUSED, Duration.ofMillis(1), 0, 46, 0,
                "limit_conn_per_ip");
        for (int i = 0; i < 3; i++) {
            SessionInfo s = session("a" + i, "imap", Protocol.IMAP, "192.0.2." + i, null);
            tracker.onOpen(s);
            tracker.onRefused(s, Refusal.CONNECTIONS_PER_IP);
            tracker.onClose(s, refused);
        }
        SessionInfo user = session("b1", "submission", Protocol.SMTP, "198.51.100.7", "mallory@example.com");
        tracker.onOpen(user);
        tracker.onRefused(user, Refusal.CONNECTIONS_PER_USER);
        tracker.onClose(user, refused);

        assertThat(scrape(metrics))
                .contains("postern_refused_total{directive=\"limit_conn_per_ip\",protocol=\"imap\",server=\"imap\"} 3.0")
                .contains("postern_refused_total{directive=\"limit_conn_per_user\",protocol=\"smtp\","
                        + "server=\"submission\"} 1.0")
                .contains("postern_sessions_closed_total{protocol=\"imap\",reason=\"refused\",server=\"imap\"} 3.0")
                .contains("postern_sessions_active{protocol=\"imap\",server=\"imap\"} 0.0")
                .doesNotContain("192.0.2.").doesNotContain("mallory");
    }
}
