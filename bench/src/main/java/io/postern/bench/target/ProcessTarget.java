package io.postern.bench.target;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A proxy running as a process of its own (Postern's JVM, nginx's master), stopped by its pid:
 * SIGTERM, then SIGKILL to it and everything it started if they are still alive after a grace
 * period. A JVM shutdown hook does the same if the harness dies first, so that no run leaves a
 * proxy listening behind it.
 */
final class ProcessTarget implements RunningTarget {

    private final String name;
    private final UpstreamPorts listen;
    private final Process process;
    private final Duration grace;
    private final Thread atExit;

    private ProcessTarget(String name, UpstreamPorts listen, Process process, Duration grace) {
        this.name = name;
        this.listen = listen;
        this.process = process;
        this.grace = grace;
        this.atExit = new Thread(this::stop, "stop-" + name);
    }

    /**
     * Starts {@code command} with its output into {@code output} and returns once its plain IMAP,
     * POP3 and SMTP greetings answer (the TLS listener is part of the same configuration); a process that does not get there is stopped and reported.
     */
    static ProcessTarget start(String name, ProcessBuilder command, Greeting.Output output, UpstreamPorts listen,
                               Duration startTimeout, Duration grace) throws IOException, InterruptedException {
        command.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.file().toFile()))
                .redirectErrorStream(true);
        ProcessTarget target = new ProcessTarget(name, listen, command.start(), grace);
        Runtime.getRuntime().addShutdownHook(target.atExit);
        try {
            Greeting.await(target.process, listen.imap(), "* OK", startTimeout, output);
            Greeting.await(target.process, listen.pop3(), "+OK", startTimeout, output);
            Greeting.await(target.process, listen.smtp(), "220", startTimeout, output);
            return target;
        } catch (IOException | RuntimeException | InterruptedException e) {
            target.close();
            throw new IOException(name + " did not start: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public InetSocketAddress imap() {
        return listen.imap();
    }

    @Override
    public InetSocketAddress imaps() {
        return listen.imaps();
    }

    @Override
    public InetSocketAddress pop3() {
        return listen.pop3();
    }

    @Override
    public InetSocketAddress smtp() {
        return listen.smtp();
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.of(process.pid());
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(atExit);
        } catch (IllegalStateException e) {
            // the JVM is already exiting, and the hook stops the same process
        }
    }

    private void stop() {
        // The descendants are listed before the SIGTERM, while the master can still be asked for
        // them: nginx's workers must not outlive a master that had to be killed.
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(0, process.toHandle());
        process.destroy();
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle p : all) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                p.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                p.destroyForcibly();
            } catch (InterruptedException e) {
                // stopping must go on, or the proxy would outlive the run
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
