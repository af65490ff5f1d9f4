package io.postern.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.AuthDecision;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nginx's error_log at the mail and server level: each server's session lines in its own files, at its level. */
class ErrorLogTest {

    @TempDir
    Path dir;

    @Test
    void writesEachServersSessionLinesToItsErrorLogAtItsLevelAndReopensThem() throws Exception {
        try (PosternFixture postern = PosternFixture.start(dir, """
                mail {
                  error_log = "logs/mail.log info"
                  servers {
                    a { protocol = imap, listen = "127.0.0.1:0" }
                    b { protocol = imap, listen = "127.0.0.1:0", error_log = ["logs/b.log warn", "logs/b-info.log info"] }
                  }
                }
                """, StaticAuthModule.of(r -> StaticAuthModule.answer(AuthDecision.rejected("Authentication failed"))))) {
            failLogin(postern.address(0), "alice");
            failLogin(postern.address(1), "bob");

            Path mail = dir.resolve("logs/mail.log");
            assertThat(Files.readString(mail)).containsPattern("\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d \\[INFO\\] "
                    + "session=\\S+ client=127\\.0\\.0\\.1:\\d+ server=a .*login=alice.* login refused")
                    .doesNotContain("login=bob");
            assertThat(Files.readString(dir.resolve("logs/b-info.log"))).contains("login=bob").doesNotContain("login=alice");
            assertThat(Files.readString(dir.resolve("logs/b.log"))).isEmpty();

            // The session's "closed" line may be written after the client saw the close: wait
            // for it, or it lands in the reopened file.
            awaitLine(mail, "login=alice closed:");
            Files.move(mail, dir.resolve("logs/mail.log.1"));
            postern.postern().reopen();
            failLogin(postern.address(0), "carol");
            assertThat(Files.readString(mail)).contains("login=carol").doesNotContain("login=alice");
        }
    }

    @Test
    void aReloadKeepsWritingTheErrorLogsItStillNamesAndOpensTheNewOnes() throws Exception {
        String config = """
                mail {
                  error_log = "logs/mail.log info"
                  servers { a { protocol = imap, listen = "127.0.0.1:0"%s } }
                }
                """;
        try (PosternFixture postern = PosternFixture.start(dir, config.formatted(""),
                StaticAuthModule.of(r -> StaticAuthModule.answer(AuthDecision.rejected("Authentication failed"))))) {
            failLogin(postern.address(0), "alice");
            awaitLine(dir.resolve("logs/mail.log"), "login=alice closed:");

            postern.reload(config.formatted(", error_log = [\"logs/mail.log info\", \"logs/a.log info\"]"));
            failLogin(postern.address(0), "bob");

            awaitLine(dir.resolve("logs/mail.log"), "login=bob closed:");
            awaitLine(dir.resolve("logs/a.log"), "login=bob closed:");
            assertThat(Files.readString(dir.resolve("logs/mail.log"))).as("each line once")
                    .containsOnlyOnce("login=bob closed:");
        }
    }

    private static void awaitLine(Path file, String text) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!Files.readString(file).contains(text)) {
            assertThat(System.nanoTime() - deadline).as("\"%s\" in %s", text, file).isNegative();
            Thread.sleep(10);
        }
    }

    private static void failLogin(InetSocketAddress address, String user) throws Exception {
        try (ScriptClient c = new ScriptClient(address)) {
            c.run("""
                    S: \\* OK .*
                    C: a1 LOGIN %s secret
                    S: a1 NO .*
                    S: <closed>
                    """.formatted(user));
        }
    }
}
