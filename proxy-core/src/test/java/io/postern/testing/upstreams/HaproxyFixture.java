package io.postern.testing.upstreams;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A throwaway Debian {@code haproxy} with a configuration the test writes, run in the foreground
 * ({@code -db}) as a child of the test JVM and stopped by its pid. Skips the calling test (fails
 * it under CI) when {@code haproxy} is not installed: {@code .ci/install-mail-servers} installs it.
 */
public final class HaproxyFixture implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final Daemons.Guard guard;
    private final Path log;

    private HaproxyFixture(Process process, Daemons.Guard guard, Path log) {
        this.process = process;
        this.guard = guard;
        this.log = log;
    }

    /**
     * Checks {@code config} ({@code haproxy -c}), starts HAProxy on it and waits until each of
     * {@code ports} (its frontends, on 127.0.0.1) accepts a connection.
     */
    public static HaproxyFixture start(Path directory, String config, int... ports)
            throws IOException, InterruptedException {
        if (Binaries.find("haproxy").isEmpty()) {
            throw RealServers.unavailable("haproxy is not installed: install it as root with"
                    + " .ci/install-mail-servers (apt-get install haproxy)");
        }
        Files.createDirectories(directory);
        Path file = Files.writeString(directory.resolve("haproxy.cfg"), config, StandardCharsets.UTF_8);
        Path log = directory.resolve("haproxy.log");
        int check = Daemons.run(List.of(Binaries.command("haproxy"), "-c", "-f", file.toString()), log,
                Duration.ofSeconds(20));
        if (check != 0) {
            throw new IOException("haproxy -c refused " + file + ": " + Daemons.tail(log, 20));
        }
        Process process = new ProcessBuilder(List.of(Binaries.command("haproxy"), "-db", "-f", file.toString()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true)
                .start();
        HaproxyFixture haproxy = new HaproxyFixture(process, Daemons.guard("haproxy", Duration.ofSeconds(2),
                process.pid()), log);
        try {
            haproxy.awaitListening(ports);
        } catch (IOException | InterruptedException e) {
            haproxy.close();
            throw e;
        }
        return haproxy;
    }

    private void awaitListening(int... ports) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        for (int port : ports) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IOException("haproxy exited with " + process.exitValue() + ": " + Daemons.tail(log, 20));
                }
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                    break;
                } catch (IOException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("haproxy not listening on " + port + " within " + START_TIMEOUT
                                + ": " + Daemons.tail(log, 20), e);
                    }
                    Thread.sleep(50);
                }
            }
        }
    }

    /** Where HAProxy's output goes. */
    public Path log() {
        return log;
    }

    @Override
    public void close() {
        guard.stop();
    }
}
