package io.postern.testing.upstreams;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A throwaway Debian {@code redis-server} on a free loopback port, with its own directory and no
 * persistence, run in the foreground as a child of the test JVM and stopped by its pid. It can be
 * killed and started again on the same port, for the failure-policy tests. Skips the calling test
 * (fails it under CI) when {@code redis-server} is not installed: {@code .ci/install-mail-servers}
 * installs it.
 */
public final class RedisFixture implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path directory;
    private final int port;
    /** Arguments beyond the basic ones: TLS, cluster mode. */
    private final List<String> tls;
    private final int tlsPort;
    private Process process;
    private Daemons.Guard guard;
    private Process sentinel;
    private Daemons.Guard sentinelGuard;
    private int sentinelPort;

    private RedisFixture(Path directory, int port, int tlsPort, List<String> tls) {
        this.directory = directory;
        this.port = port;
        this.tlsPort = tlsPort;
        this.tls = tls;
    }

    /** Starts a Redis in {@code directory} (its log goes there too). */
    public static RedisFixture start(Path directory) throws IOException, InterruptedException {
        return start(directory, null, null);
    }

    /**
     * Starts a Redis that also listens with TLS ({@link #tlsUri()}), presenting {@code certificate}
     * with {@code key} (PEM files); clients need no certificate of their own.
     */
    public static RedisFixture startTls(Path directory, Path certificate, Path key)
            throws IOException, InterruptedException {
        return start(directory, certificate, key);
    }

    /**
     * Starts a one-node Redis Cluster: cluster mode, every slot assigned to this node, started once
     * the cluster says it is ok. Enough for a client's cluster mode (slot routing, per-slot scripts).
     */
    public static RedisFixture startCluster(Path directory) throws IOException, InterruptedException {
        RedisFixture redis = start(directory, null, null, true);
        try {
            if (!"+OK".equals(redis.command("CLUSTER", "ADDSLOTSRANGE", "0", "16383"))) {
                throw new IOException("CLUSTER ADDSLOTSRANGE refused");
            }
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!"cluster_state:ok".equals(redis.command("CLUSTER", "INFO"))) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the one-node cluster is not ok within " + START_TIMEOUT);
                }
                Thread.sleep(50);
            }
            return redis;
        } catch (IOException | InterruptedException e) {
            redis.close();
            throw e;
        }
    }

    private static RedisFixture start(Path directory, Path certificate, Path key)
            throws IOException, InterruptedException {
        return start(directory, certificate, key, false);
    }

    private static RedisFixture start(Path directory, Path certificate, Path key, boolean cluster)
            throws IOException, InterruptedException {
        if (Binaries.find("redis-server").isEmpty()) {
            throw RealServers.unavailable("redis-server is not installed: install it as root with"
                    + " .ci/install-mail-servers (apt-get install redis-server)");
        }
        Files.createDirectories(directory);
        for (int attempt = 1; ; attempt++) {
            int[] ports = FreePorts.pick(2);
            List<String> tls = new java.util.ArrayList<>(certificate == null ? List.of() : List.of("--tls-port",
                    Integer.toString(ports[1]), "--tls-cert-file", certificate.toString(), "--tls-key-file",
                    key.toString(), "--tls-auth-clients", "no"));
            if (cluster) {
                tls.addAll(List.of("--cluster-enabled", "yes", "--cluster-announce-ip", "127.0.0.1", "--cluster-config-file",
                        directory.resolve("nodes-" + ports[0] + ".conf").toString()));
            }
            RedisFixture redis = new RedisFixture(directory, ports[0], ports[1], tls);
            try {
                redis.startProcess();
                return redis;
            } catch (IOException e) {
                redis.kill();
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** {@code redis://127.0.0.1:port/0}. */
    public String uri() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    /**
     * Starts a Redis Sentinel (the same binary, {@code --sentinel}) that monitors this Redis as the
     * master {@code postern}, for {@link #sentinelUri()}; it stops with this fixture.
     */
    public RedisFixture withSentinel() throws IOException, InterruptedException {
        sentinelPort = FreePorts.pick(1)[0];
        Path config = Files.writeString(directory.resolve("sentinel-" + sentinelPort + ".conf"), String.join("\n",
                "port " + sentinelPort, "bind 127.0.0.1", "dir " + directory,
                "sentinel monitor postern 127.0.0.1 " + port + " 1",
                "sentinel down-after-milliseconds postern 60000", ""));
        Path log = directory.resolve("sentinel-" + sentinelPort + ".log");
        sentinel = new ProcessBuilder(List.of(Binaries.command("redis-server"), config.toString(), "--sentinel"))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true)
                .start();
        sentinelGuard = Daemons.guard("redis-sentinel", Duration.ofSeconds(2), sentinel.pid());
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!sentinel.isAlive()) {
                throw new IOException("redis-server --sentinel exited: " + Daemons.tail(log, 10));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", sentinelPort), 1000);
                socket.getOutputStream().write(resp("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "postern"));
                String first = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8)).readLine();
                if ("*2".equals(first)) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the sentinel did not name the master within " + START_TIMEOUT);
            }
            Thread.sleep(50);
        }
    }

    /** {@code redis-sentinel://127.0.0.1:sentinelPort/0#postern}, after {@link #withSentinel()}. */
    public String sentinelUri() {
        return "redis-sentinel://127.0.0.1:" + sentinelPort + "/0#postern";
    }

    /** {@code rediss://127.0.0.1:tlsPort/0}, for a Redis started with {@link #startTls}. */
    public String tlsUri() {
        return "rediss://127.0.0.1:" + tlsPort + "/0";
    }

    public int port() {
        return port;
    }

    /** Kills the server at once (SIGKILL: no goodbye to its clients, as a crashed host). */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            guard.stop();
            process = null;
        }
    }

    /** Starts the server again on the same port, empty (it keeps nothing on disk). */
    public void restart() throws IOException, InterruptedException {
        kill();
        startProcess();
    }

    /** Sends one command (inline form) and returns the first line of the answer. */
    public String command(String... words) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(resp(words));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String first = in.readLine();
            if (first != null && first.startsWith("$") && !first.equals("$-1")) {
                return in.readLine();
            }
            return first;
        }
    }

    /** Sends one command and returns every line of the answer, raw (RESP). */
    public List<String> commandLines(String... words) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(resp(words));
            socket.getOutputStream().flush();
            socket.shutdownOutput();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            return in.lines().toList();
        }
    }

    private static byte[] resp(String... words) {
        StringBuilder resp = new StringBuilder("*" + words.length + "\r\n");
        for (String word : words) {
            resp.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(word)
                    .append("\r\n");
        }
        return resp.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void startProcess() throws IOException, InterruptedException {
        Path log = directory.resolve("redis-" + port + ".log");
        List<String> command = new java.util.ArrayList<>(List.of(Binaries.command("redis-server"), "--port",
                Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir",
                directory.toString(), "--daemonize", "no", "--protected-mode", "yes"));
        command.addAll(tls);
        process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true)
                .start();
        guard = Daemons.guard("redis", Duration.ofSeconds(2), process.pid());
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue() + ": "
                        + Daemons.tail(log, 10));
            }
            try {
                if ("+PONG".equals(command("PING"))) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("redis-server did not answer PING on port " + port + " within " + START_TIMEOUT);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        kill();
        if (sentinel != null) {
            sentinel.destroyForcibly();
            sentinelGuard.stop();
            sentinel = null;
        }
    }
}
