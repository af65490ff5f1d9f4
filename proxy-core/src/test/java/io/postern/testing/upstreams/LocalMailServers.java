package io.postern.testing.upstreams;

import io.postern.spi.UpstreamAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DovecotFixture} and {@link PostfixFixture} from this machine's binaries, side by side
 * in one temporary directory ({@code dovecot/}, {@code postfix/}).
 */
final class LocalMailServers implements MailServers {

    private static final Logger LOG = LoggerFactory.getLogger(LocalMailServers.class);

    private final Path root;
    private final DovecotFixture dovecot;
    private final PostfixFixture postfix;
    private volatile boolean keep;

    private LocalMailServers(Path root, DovecotFixture dovecot, PostfixFixture postfix) {
        this.root = root;
        this.dovecot = dovecot;
        this.postfix = postfix;
    }

    static LocalMailServers start(List<MailUser> users, boolean tls) throws IOException, InterruptedException {
        // Under /tmp, not the build directory: the Unix sockets' paths must stay short (108 bytes).
        Path root = Files.createTempDirectory(Path.of("/tmp"), "postern-mail-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        long started = System.nanoTime();
        DovecotFixture dovecot;
        try {
            dovecot = DovecotFixture.start(root.resolve("dovecot"), users, tls);
        } catch (IOException | RuntimeException e) {
            throw new IOException("Dovecot did not start; files kept in " + root, e);
        }
        long dovecotUp = System.nanoTime();
        try {
            PostfixFixture postfix = PostfixFixture.start(root.resolve("postfix"), dovecot);
            LOG.info("Dovecot (pid {}, imap {}, pop3 {}) up in {} ms, Postfix (pid {}, smtp {}) in {} ms; files in {}",
                    dovecot.pid(), dovecot.imap(), dovecot.pop3(), (dovecotUp - started) / 1_000_000,
                    postfix.pid(), postfix.smtp(), (System.nanoTime() - dovecotUp) / 1_000_000, root);
            return new LocalMailServers(root, dovecot, postfix);
        } catch (IOException | RuntimeException e) {
            dovecot.close();
            throw new IOException("Postfix did not start; files kept in " + root, e);
        }
    }

    @Override
    public UpstreamAddress imap() {
        return dovecot.imap();
    }

    @Override
    public UpstreamAddress imapHaproxy() {
        return dovecot.imapHaproxy();
    }

    @Override
    public Optional<Path> dovecotLog() {
        return Optional.of(dovecot.log());
    }

    @Override
    public Optional<Path> postfixLog() {
        return Optional.of(postfix.log());
    }

    @Override
    public UpstreamAddress pop3() {
        return dovecot.pop3();
    }

    @Override
    public UpstreamAddress smtp() {
        return postfix.smtp();
    }

    @Override
    public Optional<UpstreamAddress> imaps() {
        return dovecot.imaps();
    }

    @Override
    public Optional<UpstreamAddress> pop3s() {
        return dovecot.pop3s();
    }

    @Override
    public Optional<Path> certificate() {
        return dovecot.certificate();
    }

    @Override
    public List<MailUser> users() {
        return dovecot.users();
    }

    /** The temporary directory holding both servers' files. */
    Path directory() {
        return root;
    }

    DovecotFixture dovecot() {
        return dovecot;
    }

    PostfixFixture postfix() {
        return postfix;
    }

    @Override
    public String engine() {
        return "local binaries (dovecot pid " + dovecot.pid() + ", postfix pid " + postfix.pid() + ")";
    }

    @Override
    public String logs() {
        return dovecot.log() + ", " + postfix.log();
    }

    @Override
    public String keepLogs() {
        keep = true;
        return logs();
    }

    @Override
    public void close() {
        long started = System.nanoTime();
        // Each master takes seconds to wind down: stop both at once, then let each fixture
        // confirm (and drop its shutdown hook).
        Daemons.stop(Duration.ofSeconds(10), postfix.pid(), dovecot.pid());
        try {
            postfix.close();
        } finally {
            dovecot.close();
        }
        LOG.info("Postfix and Dovecot stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
        if (!keep) {
            delete(root);
        }
    }

    static void delete(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + root, e);
        }
    }
}
