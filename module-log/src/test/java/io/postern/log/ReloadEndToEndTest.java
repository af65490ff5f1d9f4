package io.postern.log;

import static io.postern.log.Scrape.value;
import static io.postern.log.TestSupport.PASSWORD;
import static io.postern.log.TestSupport.USER;
import static io.postern.log.TestSupport.awaitLines;
import static io.postern.log.TestSupport.loaded;
import static io.postern.log.TestSupport.scripted;
import static org.assertj.core.api.Assertions.assertThat;

import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * module-log across a reload: the metrics keep their counts and their endpoint its port, the
 * status page lists the sessions of both configurations, and an access log moved to another
 * file gets the new sessions while the old file gets the lines of the sessions that started
 * before the reload.
 */
class ReloadEndToEndTest {

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
    private static final String CONFIG = """
            mail {
              metrics_listen = "127.0.0.1:0"
              access_log = "logs/%s.log"
              servers { imap { protocol = imap, listen = "127.0.0.1:0" } }
            }
            """;

    @TempDir
    Path dir;

    private TestSupport.Upstream upstream;
    private PosternFixture postern;
    private final LogModule log = new LogModule();

    @BeforeEach
    void start() throws Exception {
        upstream = new TestSupport.Upstream();
        postern = PosternFixture.start(dir, CONFIG.formatted("first"), loaded(log),
                StaticAuthModule.of(scripted(upstream.address())));
    }

    @AfterEach
    void stop() {
        postern.close();
        upstream.close();
    }

    @Test
    void keepsCountsAndTheEndpointAndLogsEachSessionToTheFileOfItsConfiguration() throws Exception {
        InetSocketAddress endpoint = log.metricsAddress().orElseThrow();
        Scrape scrape = new Scrape(endpoint);
        try (ScriptClient before = new ScriptClient(postern.address())) {
            before.run(LOGIN);

            postern.reload(CONFIG.formatted("second"));

            assertThat(log.metricsAddress()).contains(endpoint);
            try (ScriptClient after = new ScriptClient(postern.address())) {
                after.run(LOGIN);
                String metrics = scrape.metrics();
                assertThat(value(metrics, "postern_sessions_total", "server=\"imap\"")).isEqualTo(2);
                assertThat(value(metrics, "postern_sessions_active", "server=\"imap\"")).isEqualTo(2);
                assertThat(scrape.get("/status", "application/json").body()).contains("\"sessions\"")
                        .satisfies(body -> assertThat(body.split("\"login\"", -1)).hasSize(3));
                after.run(LOGOUT);
            }
            assertThat(awaitLines(dir.resolve("logs/second.log"), 1)).hasSize(1);
            before.run(LOGOUT);
        }
        assertThat(awaitLines(dir.resolve("logs/first.log"), 1)).hasSize(1);
        assertThat(TestSupport.lines(dir.resolve("logs/second.log"))).hasSize(1);
        String metrics = scrape.metrics();
        assertThat(value(metrics, "postern_sessions_active", "server=\"imap\"")).isZero();
    }
}
