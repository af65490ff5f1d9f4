package io.postern.log;

import static io.postern.log.TestSupport.loaded;
import static io.postern.log.TestSupport.scripted;
import static org.assertj.core.api.Assertions.assertThat;

import io.postern.testing.PosternFixture;
import io.postern.testing.StaticAuthModule;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin endpoint across a reload: kept, with its socket, while {@code admin_listen} and
 * {@code admin_token} stay; replaced when the token changes (the old token is refused from then
 * on, the new one accepted); closed when the token is removed.
 */
class AdminReloadEndToEndTest {

    private static final String FIRST = "a-first-token-of-32-characters-x";
    private static final String SECOND = "a-second-token-of-32-characters-";
    private static final String CONFIG = """
            mail {
              admin_listen = "127.0.0.1:0"
              %s
              servers { imap { protocol = imap, listen = "127.0.0.1:0" } }
            }
            """;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private TestSupport.Upstream upstream;
    private PosternFixture postern;
    private final LogModule log = new LogModule();

    @BeforeEach
    void start() throws Exception {
        upstream = new TestSupport.Upstream();
        postern = PosternFixture.start(dir, config(FIRST), loaded(log),
                StaticAuthModule.of(scripted(upstream.address())));
    }

    @AfterEach
    void stop() {
        postern.close();
        upstream.close();
    }

    private static String config(String token) {
        return CONFIG.formatted(token == null ? "" : "admin_token = \"" + token + "\"");
    }

    private int kick(InetSocketAddress endpoint, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.getPort()
                + "/admin/kick?user=nobody")).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void keepsTheEndpointWhileItsSettingsStayAndReplacesItWhenTheTokenChanges() throws Exception {
        InetSocketAddress first = log.adminAddress().orElseThrow();
        assertThat(kick(first, FIRST)).isEqualTo(200);

        postern.reload(config(FIRST));
        assertThat(log.adminAddress()).contains(first);
        assertThat(kick(first, FIRST)).isEqualTo(200);

        postern.reload(config(SECOND));
        InetSocketAddress second = log.adminAddress().orElseThrow();
        assertThat(second).isNotEqualTo(first);
        assertThat(kick(second, FIRST)).isEqualTo(403);
        assertThat(kick(second, SECOND)).isEqualTo(200);

        postern.reload(config(null));
        assertThat(log.adminAddress()).isEmpty();
    }
}
