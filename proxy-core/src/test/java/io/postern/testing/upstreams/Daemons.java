package io.postern.testing.upstreams;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starting and stopping daemons that fork into the background: run their start command to
 * completion, wait for their greeting, and later stop them by the pid their pid file names.
 */
final class Daemons {

    private static final long POLL_MILLIS = 50;

    private Daemons() {
    }

    /**
     * Runs {@code command} to completion with no standard input and its output appended to
     * {@code log}: never a pipe, because Dovecot's master keeps the caller's stderr open for
     * as long as it runs, and a reader of that pipe would wait until it stops.
     *
     * @return the exit code
     */
    static int run(List<String> command, Path log, Duration timeout) throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true)
                .start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within " + timeout);
        }
        return process.exitValue();
    }

    /**
     * Waits until 127.0.0.1:{@code port} answers with a first line starting with {@code greeting}.
     * Checking the greeting, not only the connect, tells our server from another process that
     * took the port between {@link FreePorts#pick} and the server's bind.
     *
     * @throws PortClash when something else answers on the port
     */
    static void awaitGreeting(int port, String greeting, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                socket.setSoTimeout(5000);
                String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                if (line != null && line.startsWith(greeting)) {
                    return;
                }
                throw new PortClash("127.0.0.1:" + port + " answered \"" + line + "\" instead of \"" + greeting + "…\"");
            } catch (PortClash e) {
                throw e;
            } catch (IOException e) {
                last = e;
                Thread.sleep(POLL_MILLIS);
            }
        }
        throw new IOException("nothing answered on 127.0.0.1:" + port + " within " + timeout, last);
    }

    /** The pid in {@code pidFile} (Postfix pads it with spaces), waiting for the file to appear. */
    static long readPid(Path pidFile, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (Files.exists(pidFile)) {
                String text = Files.readString(pidFile, StandardCharsets.US_ASCII).strip();
                if (!text.isEmpty()) {
                    return Long.parseLong(text);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("no pid in " + pidFile + " within " + timeout);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /**
     * Stops the processes {@code pids} and whatever they forked: SIGTERM to each master (Dovecot's
     * and Postfix's masters then stop their children; they take one to three seconds, so several
     * are stopped at once), SIGKILL to anything still alive after {@code grace}.
     */
    static void stop(Duration grace, long... pids) {
        List<ProcessHandle> all = new ArrayList<>();
        List<ProcessHandle> masters = new ArrayList<>();
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(master -> {
                masters.add(master);
                all.add(master);
                all.addAll(master.descendants().toList());
            });
        }
        masters.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle process : all) {
            while (process.isAlive() && System.nanoTime() < deadline) {
                sleepQuietly();
            }
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /** The last {@code lines} lines of {@code file}, or a note that it does not exist. */
    /**
     * Stops the daemon {@code pid} when the JVM exits, unless {@link Guard#stop()} stopped it
     * first: a test run that dies never leaves a mail server behind.
     */
    static Guard guard(String name, Duration grace, long pid) {
        Thread atExit = new Thread(() -> stop(grace, pid), "stop-" + name + "-" + pid);
        Runtime.getRuntime().addShutdownHook(atExit);
        return new Guard(grace, pid, atExit);
    }

    /** A daemon stopped by {@link #stop()}, or at the JVM's exit. */
    static final class Guard {
        private final Duration grace;
        private final long pid;
        private final Thread atExit;

        private Guard(Duration grace, long pid, Thread atExit) {
            this.grace = grace;
            this.pid = pid;
            this.atExit = atExit;
        }

        /** Stops the daemon, and with it every process it started, by pid. */
        void stop() {
            Daemons.stop(grace, pid);
            try {
                Runtime.getRuntime().removeShutdownHook(atExit);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down; the hook runs the same stop
            }
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(" + file + " not readable: " + e + ")";
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            // stopping must go on: the processes would outlive the test run otherwise
            Thread.currentThread().interrupt();
        }
    }

    /** Another process answered on a port picked for our server: start again with new ports. */
    static final class PortClash extends IOException {
        PortClash(String message) {
            super(message);
        }
    }
}
