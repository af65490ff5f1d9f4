package io.postern.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code bin/postern} serving, as an operator runs it: it listens, answers a
 * client, reopens its logs on {@code -s reopen}, reloads on {@code -s reload} and SIGHUP,
 * prints its effective configuration with {@code -T}, and stops cleanly on {@code -s stop}
 * (SIGTERM), removing its pid file.
 */
class RunningPosternIT {

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    @Test
    void servesReopensAndStopsCleanlyOnSigterm() throws Exception {
        Path config = writeConfig();
        Path output = dir.resolve("output.txt");
        Process process = new ProcessBuilder(Distribution.home().resolve("bin/postern").toString(), "-c",
                config.toString()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            int port = awaitPort(output);
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                socket.setSoTimeout(5000);
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII));
                assertThat(in.readLine()).isEqualTo("* OK IMAP4 ready");
            }
            assertThat(Files.readString(dir.resolve("postern.pid")).trim()).isEqualTo(Long.toString(process.pid()));

            Postern.Result reopen = Postern.run("-c", config.toString(), "-s", "reopen");
            assertThat(reopen.exitCode()).as(reopen.output()).isZero();
            awaitOutput(output, "reopened log files");

            Postern.Result stop = Postern.run("-c", config.toString(), "-s", "stop");
            assertThat(stop.exitCode()).as(stop.output()).isZero();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
            assertThat(dir.resolve("postern.pid")).doesNotExist();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void exitsZeroAndRemovesItsPidFileOnSigterm() throws Exception {
        Process process = start(writeConfig());
        try {
            awaitPort(dir.resolve("output.txt"));

            process.destroy(); // SIGTERM

            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
            assertThat(process.exitValue()).isZero();
            assertThat(dir.resolve("postern.pid")).doesNotExist();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void keepsServingWhileJfrSamplesItsThreadsAndStillQuitsGracefully() throws Exception {
        // JFR's sampler suspends threads with the VM's suspend signal, SIGUSR2 unless bin/postern
        // moves it: on the same signal as -s quit, the recording stopped Postern within
        // milliseconds of its start.
        Path config = writeConfig();
        ProcessBuilder builder = new ProcessBuilder(Distribution.home().resolve("bin/postern").toString(), "-c",
                config.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("output.txt").toFile());
        builder.environment().put("JAVA_OPTS", "-XX:StartFlightRecording=settings=profile");
        Process process = builder.start();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", awaitPort(dir.resolve("output.txt"))), 5000);
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("* OK IMAP4 ready");
            assertThat(process.waitFor(3, TimeUnit.SECONDS)).as("still serving under JFR's sampling").isFalse();

            Postern.Result quit = Postern.run("-c", config.toString(), "-s", "quit");
            assertThat(quit.exitCode()).as(quit.output()).isZero();
            assertThat(in.readLine()).isEqualTo("* BYE Server shutting down");
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped after -s quit").isTrue();
            assertThat(process.exitValue()).isZero();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void quitSaysByeToAClientThatHasNotLoggedInAndExitsZero() throws Exception {
        Path config = writeConfig();
        Process process = start(config);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", awaitPort(dir.resolve("output.txt"))), 5000);
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("* OK IMAP4 ready");

            Postern.Result quit = Postern.run("-c", config.toString(), "-s", "quit");
            assertThat(quit.exitCode()).as(quit.output()).isZero();

            assertThat(in.readLine()).isEqualTo("* BYE Server shutting down"); // after shutdown_timeout (1s)
            assertThat(in.readLine()).isNull();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped after -s quit").isTrue();
            assertThat(process.exitValue()).isZero();
            assertThat(dir.resolve("postern.pid")).doesNotExist();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void reloadsOnDashSReloadAndOnSighupKeepingItsPidItsListenerAndItsSessions() throws Exception {
        Path config = writeConfig();
        Process process = start(config);
        Path output = dir.resolve("output.txt");
        try (Socket held = new Socket()) {
            int port = awaitPort(output);
            held.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            held.setSoTimeout(10_000);
            BufferedReader heldIn = new BufferedReader(new InputStreamReader(held.getInputStream(),
                    StandardCharsets.US_ASCII));
            assertThat(heldIn.readLine()).isEqualTo("* OK IMAP4 ready");

            // -s reload (SIGHUP through the pid file): a greeting changed, a server added.
            Files.writeString(config, Files.readString(config).replace(
                    "servers { imap { protocol = imap, listen = \"127.0.0.1:0\" } }",
                    "imap_greeting = \"reloaded\"\n"
                            + "servers { imap { protocol = imap, listen = \"127.0.0.1:0\" }\n"
                            + "pop3 { protocol = pop3, listen = \"127.0.0.1:0\" } }"));
            Postern.Result reload = Postern.run("-c", config.toString(), "-s", "reload");
            assertThat(reload.exitCode()).as(reload.output()).isZero();
            awaitOutput(output, "configuration reloaded: new sessions use it; 1 open session");
            int pop3 = Integer.parseInt(awaitOutput(output,
                    "server \"pop3\" \\(pop3\\) listening on 127\\.0\\.0\\.1:(\\d+)").group(1));
            assertThat(firstLine(port)).isEqualTo("* OK reloaded");
            assertThat(firstLine(pop3)).startsWith("+OK");

            // A broken configuration by SIGHUP itself: refused, each error logged, nothing changed.
            Files.writeString(config, Files.readString(config).replace("imap_greeting", "imap_greting"));
            assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start().waitFor()).isZero();
            awaitOutput(output, "reload refused: the running configuration is unchanged");
            assertThat(Files.readString(output)).contains("imap_greting");
            assertThat(firstLine(port)).isEqualTo("* OK reloaded");

            held.getOutputStream().write("a NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(heldIn.readLine()).startsWith("a OK");
            assertThat(process.isAlive()).isTrue();
            assertThat(Files.readString(dir.resolve("postern.pid")).trim()).isEqualTo(Long.toString(process.pid()));
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
            process.destroyForcibly();
        }
    }

    private static String firstLine(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5000);
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    private Process start(Path config) throws IOException {
        return new ProcessBuilder(Distribution.home().resolve("bin/postern").toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("output.txt").toFile()).start();
    }

    @Test
    void printsTheEffectiveConfigurationWithDefaults() throws Exception {
        Postern.Result result = Postern.run("-T", "-c", writeConfig().toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("test is successful").contains("proxy_timeout").contains("24h")
                .contains("imap_capabilities");
    }

    private Path writeConfig() throws IOException {
        Path config = dir.resolve("postern.conf");
        Files.createDirectories(dir.resolve("modules"));
        Files.writeString(config, """
                modules_dir = "%s"
                pid = "%s"
                shutdown_timeout = 1s
                mail {
                  servers { imap { protocol = imap, listen = "127.0.0.1:0" } }
                }
                """.formatted(dir.resolve("modules"), dir.resolve("postern.pid")), StandardCharsets.UTF_8);
        return config;
    }

    private static int awaitPort(Path output) throws Exception {
        return Integer.parseInt(awaitOutput(output, LISTENING.pattern()).group(1));
    }

    private static Matcher awaitOutput(Path output, String regex) throws Exception {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String text = Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
            Matcher matcher = pattern.matcher(text);
            if (matcher.find()) {
                return matcher;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no /" + regex + "/ in the output: "
                + String.join("\n", Files.exists(output) ? Files.readAllLines(output) : List.of()));
    }
}
