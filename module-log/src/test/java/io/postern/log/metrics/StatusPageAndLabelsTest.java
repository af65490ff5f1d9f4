package io.postern.log.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postern.log.session.AuthStatus;
import io.postern.log.session.LiveSession;
import io.postern.spi.BufferPoolUsage;
import io.postern.spi.Protocol;
import io.postern.spi.WireText;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusPageAndLabelsTest {

    private static LiveSession session(String login) {
        return new LiveSession("0000000b", "imap", Protocol.IMAP, new InetSocketAddress("::1", 40000),
                new InetSocketAddress("127.0.0.1", 143), Instant.parse("2025-01-01T00:00:00Z"), false, Optional.empty(),
                Optional.ofNullable(login), Optional.empty(), Optional.empty(), AuthStatus.NONE, false);
    }

    @Test
    void escapesWhatTheClientChoseInHtmlAndJson() {
        Instant now = Instant.parse("2025-01-01T00:00:01.5Z");
        String evil = "<script>alert(\"x\")</script>";
        assertThat(StatusPage.html(List.of(session(evil)), now))
                .contains("<td>&lt;script&gt;alert(\\x22x\\x22)&lt;/script&gt;</td>")
                .contains("<td>[0:0:0:0:0:0:0:1]:40000</td>").contains("<td>1.500</td>").doesNotContain(evil);
        assertThat(StatusPage.json(List.of(session(evil), session(null)), now)).isEqualTo("{\"sessions\":["
                + "{\"id\":\"0000000b\",\"client\":\"[0:0:0:0:0:0:0:1]:40000\",\"server\":\"imap\",\"protocol\":\"imap\","
                + "\"login\":\"<script>alert(\\\"x\\\")</script>\",\"upstream\":null,\"auth_status\":\"none\","
                + "\"logged_in\":false,\"age\":1.500},"
                + "{\"id\":\"0000000b\",\"client\":\"[0:0:0:0:0:0:0:1]:40000\",\"server\":\"imap\",\"protocol\":\"imap\","
                + "\"login\":null,\"upstream\":null,\"auth_status\":\"none\",\"logged_in\":false,\"age\":1.500}]}");
    }

    @Test
    void showsALoginWithLineBreaksEscapesAndInvalidBytesEscapedAsInTheLogs() {
        String login = WireText.decode(new byte[] {'b', '\r', '\n', 0x1B, 0, (byte) 0xFF});
        Instant now = Instant.parse("2025-01-01T00:00:01.5Z");

        assertThat(StatusPage.html(List.of(session(login)), now)).contains("<td>b\\x0D\\x0A\\x1B\\x00\\xFF</td>");
        assertThat(StatusPage.json(List.of(session(login)), now)).contains("\"login\":\"b\\r\\n\\u001b\\u0000\\\\xFF\"");
    }

    @Test
    void escapesLabelValuesThatCameFromAnAuthServer() {
        assertThat(new LabelCap(2).label("a\nb\u001b")).isEqualTo("a\\x0Ab\\x1B");
    }

    @Test
    void capsTheUpstreamLabelValues() {
        LabelCap cap = new LabelCap(2);
        assertThat(List.of(cap.label("a:1"), cap.label("b:1"), cap.label("c:1"), cap.label("a:1"), cap.label("d:1")))
                .containsExactly("a:1", "b:1", "other", "a:1", "other");
    }

    @Test
    void countsClientTlsHandshakesByVersionAndFailure() throws Exception {
        MailMetrics metrics = new MailMetrics(() -> 0, () -> 0, () -> new BufferPoolUsage(4096, 0));
        metrics.tlsHandshake(session("bob"), Optional.of("TLSv1.3"));
        metrics.tlsHandshake(session("bob"), Optional.of("TLSv1.3"));
        metrics.tlsHandshake(session(null), Optional.empty());

        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(text, metrics.registry().scrape());

        assertThat(text.toString(StandardCharsets.UTF_8))
                .contains("postern_tls_handshakes_total{protocol=\"imap\",result=\"TLSv1.3\",server=\"imap\"} 2.0")
                .contains("postern_tls_handshakes_total{protocol=\"imap\",result=\"failed\",server=\"imap\"} 1.0")
                .contains("postern_buffer_pool_bytes{area=\"direct\"} 4096.0")
                .contains("postern_buffer_pool_bytes{area=\"heap\"} 0.0");
    }

    @Test
    void exportsEachModulesTimeOnTheEventLoops() throws Exception {
        List<io.postern.spi.ModuleTime> times = new java.util.concurrent.CopyOnWriteArrayList<>(
                List.of(new io.postern.spi.ModuleTime("auth", 3, 1_500_000_000L)));
        MailMetrics metrics = new MailMetrics(() -> 0, () -> 0, () -> new BufferPoolUsage(0, 0), () -> times);

        assertThat(scrape(metrics)).contains("postern_module_call_seconds_total{module=\"auth\"} 1.5")
                .contains("postern_module_calls_total{module=\"auth\"} 3.0");
        times.set(0, new io.postern.spi.ModuleTime("auth", 4, 1_750_000_000L));
        assertThat(scrape(metrics)).contains("postern_module_call_seconds_total{module=\"auth\"} 1.75")
                .contains("postern_module_calls_total{module=\"auth\"} 4.0");
    }

    private static String scrape(MailMetrics metrics) throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(text, metrics.registry().scrape());
        return text.toString(StandardCharsets.UTF_8);
    }

    @Test
    void parsesMetricsListen() {
        assertThat(HttpListen.parse("off")).isEmpty();
        assertThat(HttpListen.parse("127.0.0.1:9145")).contains(new HttpListen("127.0.0.1", 9145));
        assertThat(HttpListen.parse("[::1]:9145")).contains(new HttpListen("::1", 9145));
        assertThat(HttpListen.parse("localhost:0")).contains(new HttpListen("localhost", 0));
        assertThatThrownBy(() -> HttpListen.parse("127.0.0.1:99999")).hasMessageStartingWith("metrics_listen: ");
        assertThatThrownBy(() -> HttpListen.parse("::1:9145")).hasMessageStartingWith("metrics_listen: ");
    }
}
