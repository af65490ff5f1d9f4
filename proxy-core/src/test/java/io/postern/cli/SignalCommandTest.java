package io.postern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code postern -s …} when there is nothing to signal: one line that says why, and no signal sent. */
class SignalCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int signal(String name) throws Exception {
        Path config = Files.writeString(dir.resolve("postern.conf"), """
                pid = "%s"
                mail { servers { imap { protocol = imap, listen = "127.0.0.1:0" } } }
                """.formatted(dir.resolve("postern.pid")));
        return new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(new String[] {"-p", dir.toString(), "-c", config.toString(), "-s", name});
    }

    private String errorLines() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void saysInOneLineThatThePidFileIsMissing() throws Exception {
        assertThat(signal("stop")).isEqualTo(1);
        assertThat(errorLines()).hasLineCount(1).startsWith("postern: [error] open() \"")
                .contains("postern.pid\" failed (No such file or directory): is postern running?");
    }

    @Test
    void saysInOneLineThatThePidFileIsStale() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(10, TimeUnit.SECONDS);
        Files.writeString(dir.resolve("postern.pid"), gone.pid() + "\n");

        assertThat(signal("quit")).isEqualTo(1);
        assertThat(errorLines()).hasLineCount(1)
                .contains("stale pid file").contains("no postern process with pid " + gone.pid() + " is running");
    }

    @Test
    void neverSignalsAProcessThatIsNotPosternWhoseNumberThePidFileHolds() throws Exception {
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            Files.writeString(dir.resolve("postern.pid"), other.pid() + "\n");

            assertThat(signal("stop")).isEqualTo(1);
            assertThat(errorLines()).hasLineCount(1).contains("stale pid file");
            assertThat(other.isAlive()).isTrue();
        } finally {
            other.destroyForcibly();
        }
    }

    @Test
    void reloadReadsThePidFileAsTheOtherSignalsDo() throws Exception {
        assertThat(signal("reload")).isEqualTo(1);
        assertThat(errorLines()).hasLineCount(1).startsWith("postern: [error] open() \"")
                .contains("postern.pid\" failed (No such file or directory): is postern running?");
    }
}
