package io.postern.log.admin;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.postern.spi.SessionControl;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** POST /admin/kick behind a bearer token: the right token kicks, anything else is 403 and logged. */
class AdminServerTest {

    private static final String TOKEN = "4f1c0d6e9a7b2c3d4e5f60718293a4b5";

    private final List<String> kicked = new CopyOnWriteArrayList<>();
    private final SessionControl control = login -> {
        kicked.add(login);
        return CompletableFuture.completedFuture(3L);
    };
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private AdminServer server;
    private Logger logger;

    @BeforeEach
    void start() throws Exception {
        logger = (Logger) LoggerFactory.getLogger(AdminServer.class);
        logged.start();
        logger.addAppender(logged);
        server = AdminServer.start(new InetSocketAddress("127.0.0.1", 0), TOKEN, control);
    }

    @AfterEach
    void stop() {
        server.close();
        logger.detachAppender(logged);
    }

    private HttpResponse<String> post(String pathAndQuery, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort()
                + pathAndQuery)).POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void kicksWithTheRightToken() throws Exception {
        HttpResponse<String> answer = post("/admin/kick?user=bob%40example.com", "Bearer " + TOKEN);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("kicked \"bob@example.com\" on 3 instance(s)\n");
        assertThat(kicked).containsExactly("bob@example.com");
    }

    @Test
    void refusesAWrongOrMissingTokenWith403AndLogsItWithoutTheToken() throws Exception {
        assertThat(post("/admin/kick?user=bob", "Bearer " + TOKEN + "x").statusCode()).isEqualTo(403);
        assertThat(post("/admin/kick?user=bob", "Bearer " + TOKEN.substring(0, 10)).statusCode()).isEqualTo(403);
        assertThat(post("/admin/kick?user=bob", null).statusCode()).isEqualTo(403);
        assertThat(post("/admin/kick?user=bob", "Basic " + TOKEN).statusCode()).isEqualTo(403);
        assertThat(kicked).isEmpty();
        assertThat(logged.list).filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage).hasSize(4).allMatch(line -> line.equals("admin: refused POST /admin/kick from 127.0.0.1: missing or wrong"
                        + " bearer token"));
    }

    @Test
    void answersMistakesInTheRequest() throws Exception {
        assertThat(post("/admin/kick", "Bearer " + TOKEN).statusCode()).isEqualTo(400);
        assertThat(post("/admin/nothing?user=bob", "Bearer " + TOKEN).statusCode()).isEqualTo(404);
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.address().getPort() + "/admin/kick?user=bob")).header("Authorization", "Bearer " + TOKEN)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(kicked).isEmpty();
    }
}
