package io.postern.log;

import static io.postern.log.Scrape.value;
import static io.postern.log.TestSupport.PASSWORD;
import static io.postern.log.TestSupport.USER;
import static io.postern.log.TestSupport.await;
import static io.postern.log.TestSupport.loaded;
import static io.postern.log.TestSupport.scripted;
import static org.assertj.core.api.Assertions.assertThat;

import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics endpoint and the status page, scraped during and after real IMAP sessions. */
class MetricsEndToEndTest {

    private static final String LOGIN = """
            S: \\* OK IMAP4 ready
            C: a1 LOGIN %s %s
            S: a1 OK .*
            """.formatted(USER, PASSWORD);
    private static final String LOGOUT = """
            C: a2 LOGOUT
            S: \\* BYE.*
            S: a2 OK .*
            S: <closed>
            """;

    @TempDir
    Path dir;

    private TestSupport.Upstream upstream;
    private PosternFixture postern;
    private final LogModule log = new LogModule();
    private Scrape scrape;

    @BeforeEach
    void start() throws Exception {
        upstream = new TestSupport.Upstream();
        postern = PosternFixture.start(dir, """
                mail {
                  metrics_listen = "127.0.0.1:0"
                  max_errors = 1
                  proxy_pass_error_message = on
                  servers {
                    imap { protocol = imap, listen = "127.0.0.1:0" }
                    quick { protocol = imap, listen = "127.0.0.1:0", timeout = 300ms }
                  }
                }
                """, loaded(log), StaticAuthModule.of(scripted(upstream.address())));
        scrape = new Scrape(log.metricsAddress().orElseThrow());
    }

    @AfterEach
    void stop() {
        postern.close();
        upstream.close();
    }

    @Test
    void countsASessionWhileItRunsAndAfterItEnded() throws Exception {
        String server = "server=\"imap\"";
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run(LOGIN);
            String during = scrape.metrics();
            assertThat(value(during, "postern_sessions_active", server, "protocol=\"imap\"")).isEqualTo(1);
            assertThat(value(during, "postern_sessions_total", server)).isEqualTo(1);
            assertThat(value(during, "postern_logins_total", server, "result=\"accepted\"")).isEqualTo(1);
            assertThat(value(during, "postern_upstream_connect_seconds_count",
                    "upstream=\"" + upstream.address() + "\"")).isEqualTo(1);
            assertThat(value(during, "postern_upstream_connect_seconds_bucket", "le=\"+Inf\"")).isEqualTo(1);
            c.run(LOGOUT);
        }
        await("the session to end", () -> metric("postern_sessions_active") == 0);
        String after = scrape.metrics();
        assertThat(value(after, "postern_sessions_total", server)).isEqualTo(1);
        assertThat(value(after, "postern_sessions_closed_total", server, "reason=\"client_quit\"")).isEqualTo(1);
        int sent = ("a1 LOGIN " + USER + " " + PASSWORD + "\r\na2 LOGOUT\r\n").length();
        assertThat(value(after, "postern_bytes_received_total", server)).isEqualTo(sent);
        assertThat(value(after, "postern_bytes_sent_total", server)).isGreaterThan(sent);
        assertThat(value(after, "postern_access_log_dropped_total")).isZero();
        assertThat(value(after, "postern_buffer_pool_bytes", "area=\"direct\"")).as("the pool served the session")
                .isPositive();
        assertThat(after).contains("jvm_memory_used_bytes").contains("# TYPE postern_sessions_active gauge")
                .doesNotContain(PASSWORD);
    }

    @Test
    void statusListsALiveSessionAsHtmlAndAsJson() throws Exception {
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run(LOGIN);
            HttpResponse<String> html = scrape.get("/status", null);
            assertThat(html.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(html.body()).contains("1 live session").contains("<td>" + USER + "</td>")
                    .contains("<td>" + upstream.address() + "</td>").contains("<td>imap</td>");
            for (HttpResponse<String> json : List.of(scrape.get("/status?format=json", null),
                    scrape.get("/status", "application/json"))) {
                assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> sessions = (List<Map<String, Object>>) MiniJson.object(json.body()).get("sessions");
                assertThat(sessions).singleElement().satisfies(s -> {
                    assertThat(s).containsEntry("login", USER).containsEntry("server", "imap")
                            .containsEntry("protocol", "imap").containsEntry("upstream", upstream.address().toString())
                            .containsEntry("logged_in", true).containsKeys("id", "age");
                    assertThat((String) s.get("client")).startsWith("127.0.0.1:");
                    assertThat((Double) s.get("age")).isNotNegative();
                });
            }
            c.run(LOGOUT);
        }
        await("the status page to empty", () -> get("/status?format=json").equals("{\"sessions\":[]}"));
        assertThat(scrape.get("/nothing", null).statusCode()).isEqualTo(404);
    }

    @Test
    void everyWayASessionEndsTakesTheActiveGaugeBackToZero() throws Exception {
        try (ScriptClient idle = new ScriptClient(postern.address());
             ScriptClient relayed = new ScriptClient(postern.address())) {
            idle.run("S: \\* OK IMAP4 ready");
            relayed.run(LOGIN);
            await("two live sessions", () -> metric("postern_sessions_active") == 2);
            ending("C: a1 LOGOUT\nS: \\* BYE.*\nS: a1 OK .*\nS: <closed>");
            ending("C: a1 FOO\nS: a1 BAD invalid command\nS: <closed>");
            ending("C: a1 LOGIN mallory@localhost guess\nS: a1 NO Invalid login\nS: <closed>");
            ending("C: a1 LOGIN " + TestSupport.REFUSED_USER + " x\nS: a1 NO .*\nS: <closed>");
            ending("C: a1 LOGIN " + TestSupport.UNREACHABLE_USER + " x\nS: \\* BAD .*\nS: <closed>");
            ending("C: a1 LOGIN " + TestSupport.BROKEN_USER + " x\nS: \\* BAD .*\nS: <closed>");
            try (ScriptClient c = new ScriptClient(postern.address())) {
                c.run(LOGIN + LOGOUT);
            }
            try (ScriptClient timesOut = new ScriptClient(postern.address(1))) {
                timesOut.run("S: \\* OK IMAP4 ready\nS: <closed>");
            }
            assertThat(metric("postern_sessions_active")).isEqualTo(2);
        }
        await("every session to end", () -> metric("postern_sessions_active") == 0);
        String after = scrape.metrics();
        assertThat(value(after, "postern_sessions_total")).isEqualTo(10);
        // The LOGOUT after login counts as the client's quit too, as the one before login.
        Map<String, Double> expected = Map.of("client_quit", 2.0, "protocol_error", 1.0, "auth_failed", 1.0,
                "upstream_error", 1.0, "internal_error", 2.0, "timeout", 1.0, "client_closed", 2.0);
        expected.forEach((reason, count) -> assertThat(value(after, "postern_sessions_closed_total",
                "reason=\"" + reason + "\"")).as(reason).isEqualTo(count));
        assertThat(value(after, "postern_logins_total", "result=\"accepted\"")).isEqualTo(4);
        assertThat(value(after, "postern_logins_total", "result=\"rejected\"")).isEqualTo(1);
        assertThat(value(after, "postern_logins_total", "result=\"failed\"")).isEqualTo(1);
        assertThat(value(after, "postern_auth_seconds_count")).as("one per decided login").isEqualTo(6);
        assertThat(value(after, "postern_upstream_connect_errors_total")).as("the unreachable user's upstream")
                .isEqualTo(1);
        assertThat(value(after, "postern_sessions_active", "server=\"quick\"")).isZero();
    }

    private void ending(String script) throws Exception {
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run("S: \\* OK IMAP4 ready\n" + script);
        }
    }

    private double metric(String name) {
        try {
            return value(scrape.metrics(), name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String get(String path) {
        try {
            return scrape.get(path, null).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
