package io.postern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code postern -t} says about nginx's syntax, and {@code postern import-nginx}. */
class NginxHabitsTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
    }

    private String test(String config) throws Exception {
        Path file = Files.writeString(dir.resolve("postern.conf"), config);
        assertThat(run("-p", dir.toString(), "-t", "-c", file.toString())).isEqualTo(1);
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void saysANginxStyleDirectiveLooksLikeNginxOnItsOwnLine() throws Exception {
        String errors = test("mail {\n  max_errors 3;\n  servers {\n    imap { listen = 143 }\n  }\n}\n");
        Path file = dir.resolve("postern.conf");

        assertThat(errors).isEqualTo("postern: [emerg] " + file + ":2: this looks like nginx syntax: write "
                + "\"max_errors = 3\", or convert the file with \"postern import-nginx " + file + "\"\n"
                + "postern: configuration file " + file + " test failed\n");
    }

    @Test
    void showsALinesNginxArgumentsInPosternsForm() throws Exception {
        assertThat(test("mail {\n  servers {\n    imap {\n      listen 127.0.0.1:993 ssl;\n    }\n  }\n}\n"))
                .contains(":4: this looks like nginx syntax: write 'listen = \"127.0.0.1:993 ssl\"', or convert");
    }

    @Test
    void reportsTheLineWhereAnUnclosedBlockOpened() throws Exception {
        String errors = test("""
                mail {
                  servers {
                    imap {
                      listen = 143
                  }
                  max_errors = 3
                }
                """);

        assertThat(errors).startsWith("postern: [emerg] " + dir.resolve("postern.conf") + ":3: this \"{\" is never closed "
                + "(expected: a \"}\" where its block ends)\n");
    }

    @Test
    void reportsTheOutermostBlockWhenOnlyTheLastBraceIsMissing() throws Exception {
        assertThat(test("mail {\n  servers {\n    imap { listen = 143 }\n  }\n"))
                .startsWith("postern: [emerg] " + dir.resolve("postern.conf") + ":1: this \"{\" is never closed");
    }

    @Test
    void importNginxWritesHoconToStandardOutputAndWarningsToStandardError() throws Exception {
        Path nginx = Files.writeString(dir.resolve("nginx.conf"), "worker_processes 1;\nmail {\n  max_errors 3;\n"
                + "  server { listen 127.0.0.1:143; }\n}\n");

        assertThat(run("-p", dir.toString(), "import-nginx", nginx.toString())).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("mail {\n  max_errors = 3\n  servers {\n"
                + "    imap-143 {\n      listen = \"127.0.0.1:143\"\n      protocol = imap\n    }\n  }\n}\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("postern: [warn] " + nginx
                + ":1: ignored nginx's process directives (worker_processes): Postern's own "
                + "(event_loop_threads, pid, shutdown_timeout, and logging in conf/logback.xml) are set by hand\n");
    }

    @Test
    void importNginxReportsNginxsSyntaxErrorsWithFileAndLine() throws Exception {
        Path nginx = Files.writeString(dir.resolve("nginx.conf"), "mail {\n  server {\n    listen 143;\n");

        assertThat(run("import-nginx", nginx.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("postern: [emerg] " + nginx
                + ":2: unexpected end of file, expecting \"}\" to close the block opened here\n");
    }
}
