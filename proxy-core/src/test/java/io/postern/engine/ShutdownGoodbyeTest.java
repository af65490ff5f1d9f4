package io.postern.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A client that has not logged in when Postern stops reads the protocol's goodbye before the
 * connection closes, not a bare EOF: {@code * BYE}, {@code -ERR}, {@code 421 4.3.2}.
 */
class ShutdownGoodbyeTest {

    @TempDir
    Path dir;

    private PosternFixture postern;

    @AfterEach
    void stop() {
        if (postern != null) {
            postern.close();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "imap | * BYE Server shutting down",
        "pop3 | -ERR Server shutting down",
        "smtp | 421 4.3.2 Server shutting down",
    })
    void sayGoodbyeToAClientThatHasNotLoggedIn(String protocol, String goodbye) throws Exception {
        postern = PosternFixture.start(dir, "shutdown_timeout = 1s\nmail {\n  server_name = mail.test\n"
                + "  servers { s { protocol = " + protocol + ", listen = \"127.0.0.1:0\" } }\n}\n");
        try (ScriptClient client = new ScriptClient(postern.address())) {
            client.setReadTimeout(10_000);
            assertThat(client.readLine()).as("greeting").isNotNull();

            postern.postern().shutdown();

            assertThat(client.readLine()).isEqualTo(goodbye);
            client.expectClosed();
        }
    }
}
