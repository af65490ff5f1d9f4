package io.postern.testing.upstreams;

import io.postern.spi.UpstreamAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * A throwaway Postfix started from Debian's binaries ({@code postfix -c DIR/etc start}): its
 * own configuration, queue and data directories and log file in a directory of the caller's,
 * smtpd on a free loopback port, XCLIENT allowed from 127.0.0.0/8, and mail for the
 * {@link DovecotFixture}'s users delivered into their maildirs through Dovecot's LMTP socket.
 * Every other destination is refused, so nothing leaves the machine. Needs root.
 */
public final class PostfixFixture implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Path dir;
    private final int port;
    private final long pid;
    private final Daemons.Guard daemon;

    private PostfixFixture(Path dir, int port, long pid) {
        this.dir = dir;
        this.port = port;
        this.pid = pid;
        this.daemon = Daemons.guard("postfix", STOP_GRACE, pid);
    }

    /**
     * Starts Postfix in {@code dir} (created if absent) delivering to {@code dovecot}, retrying
     * with a new port when another process takes the picked one first.
     */
    public static PostfixFixture start(Path dir, DovecotFixture dovecot) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(dir, dovecot);
            } catch (Daemons.PortClash e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private static PostfixFixture startOnce(Path dir, DovecotFixture dovecot) throws IOException, InterruptedException {
        int port = FreePorts.pick(1)[0];
        PostfixConfig config = new PostfixConfig(dir.toString(), dovecot.runDirectory().toString(),
                "127.0.0.1:" + port, "loopback-only", "127.0.0.0/8", dovecot.users());
        Files.createDirectories(dir.resolve("spool"));
        Files.createDirectories(dir.resolve("log"));
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        // Postfix warns (and may refuse) when its data directory is not its own.
        Files.setOwner(data, data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postfix"));
        DovecotFixture.write(dir, config.files());

        Path etc = dir.resolve(PostfixConfig.ETC);
        Path out = dir.resolve("log/postfix.out");
        postfix(etc, "start", out);
        long pid = Daemons.readPid(dir.resolve(PostfixConfig.PID), START_TIMEOUT);
        PostfixFixture fixture = new PostfixFixture(dir, port, pid);
        try {
            Daemons.awaitGreeting(port, "220 ", START_TIMEOUT);
            return fixture;
        } catch (IOException | RuntimeException e) {
            fixture.close();
            String log = Daemons.tail(dir.resolve(PostfixConfig.LOG), 20);
            if (e instanceof Daemons.PortClash || log.contains("Address already in use")) {
                throw new Daemons.PortClash(e.getMessage() + "\n" + log);
            }
            throw new IOException("Postfix (pid " + pid + ") did not come up; logs in " + dir.resolve("log") + ":\n"
                    + log, e);
        }
    }

    /**
     * Runs {@code postfix -c ETC verb}. Postfix writes its errors only to a terminal or to
     * syslog, and a test has neither: on failure the command runs again under {@code script(1)},
     * which gives it a terminal whose output lands in the log and the exception.
     */
    private static void postfix(Path etc, String verb, Path out) throws IOException, InterruptedException {
        String postfix = Binaries.command("postfix");
        int exit = Daemons.run(List.of(postfix, "-c", etc.toString(), verb), out, START_TIMEOUT);
        if (exit == 0) {
            return;
        }
        Daemons.run(List.of("script", "-qec", postfix + " -c " + etc + " " + verb, "/dev/null"), out, START_TIMEOUT);
        throw new IOException("postfix -c " + etc + " " + verb + " failed (exit " + exit + "):\n" + Daemons.tail(out, 20));
    }

    /** smtpd's address: plain SMTP, XCLIENT and AUTH (checked by Dovecot) offered. */
    public UpstreamAddress smtp() {
        return new UpstreamAddress("127.0.0.1", port);
    }

    /** Postfix's log file (postlogd's {@code maillog_file}). */
    public Path log() {
        return dir.resolve(PostfixConfig.LOG);
    }

    /** The master's pid. */
    public long pid() {
        return pid;
    }

    /** Stops the master, and with it every process it started, by pid. */
    @Override
    public void close() {
        daemon.stop();
    }
}
