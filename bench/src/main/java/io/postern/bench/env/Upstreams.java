package io.postern.bench.env;

import io.postern.testing.upstreams.DovecotFixture;
import io.postern.testing.upstreams.DovecotLimits;
import io.postern.testing.upstreams.PostfixFixture;
import io.postern.testing.upstreams.MailUser;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * The one upstream every target shares: a throwaway Dovecot (IMAP, imaps, POP3) and Postfix (SMTP,
 * delivering into Dovecot over LMTP) from Debian's binaries, started with the real-server
 * tests' fixtures, with Dovecot's session limits raised for the benchmark's idle sessions.
 */
public final class Upstreams implements AutoCloseable {

    private final Path root;
    private final DovecotFixture dovecot;
    private final PostfixFixture postfix;

    private Upstreams(Path root, DovecotFixture dovecot, PostfixFixture postfix) {
        this.root = root;
        this.dovecot = dovecot;
        this.postfix = postfix;
    }

    /** @param sessions the most concurrent sessions of one user a scenario opens */
    public static Upstreams start(int sessions) throws IOException, InterruptedException {
        // Under /tmp: the Unix sockets' paths must stay short (108 bytes).
        Path root = Files.createTempDirectory(Path.of("/tmp"), "postern-bench-mail-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        // With TLS: Dovecot's imaps listener is the TLS scenarios' direct target (its plain listeners
        // then offer STARTTLS too, which neither proxy uses: plaintext logins stay allowed).
        DovecotFixture dovecot = DovecotFixture.start(root.resolve("dovecot"), BenchUsers.ALL, true,
                DovecotLimits.forSessions(sessions));
        try {
            return new Upstreams(root, dovecot, PostfixFixture.start(root.resolve("postfix"), dovecot));
        } catch (IOException | RuntimeException e) {
            dovecot.close();
            throw e;
        }
    }

    public InetSocketAddress imap() {
        return new InetSocketAddress(dovecot.imap().host(), dovecot.imap().port());
    }

    /** Dovecot's implicit-TLS IMAP listener (its own self-signed certificate). */
    public InetSocketAddress imaps() {
        var imaps = dovecot.imaps().orElseThrow();
        return new InetSocketAddress(imaps.host(), imaps.port());
    }

    public InetSocketAddress pop3() {
        return new InetSocketAddress(dovecot.pop3().host(), dovecot.pop3().port());
    }

    public InetSocketAddress smtp() {
        return new InetSocketAddress(postfix.smtp().host(), postfix.smtp().port());
    }

    /**
     * Waits until Postfix has delivered every message it accepted (its queue directories hold no
     * file), at most {@code max}: a scenario measured while Postfix and Dovecot are still
     * delivering the previous one's messages over LMTP shares the machine with them.
     *
     * @return whether the queue emptied in time
     */
    public boolean awaitPostfixQueueEmpty(Duration max) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (queued() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(200);
        }
        return true;
    }

    private long queued() throws IOException {
        long files = 0;
        for (String queue : List.of("maildrop", "incoming", "active", "deferred")) {
            files += files(root.resolve("postfix/spool").resolve(queue));
        }
        return files;
    }

    /** Regular files under {@code dir}; Postfix moves and deletes them meanwhile, which is no error. */
    private static long files(Path dir) throws IOException {
        long files = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry)) {
                    files += files(entry);
                } else if (Files.isRegularFile(entry)) {
                    files++;
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return files;
        }
        return files;
    }

    /** The maildir of {@code user}, to count what Postfix delivered. */
    public Path maildir(MailUser user) {
        return dovecot.maildir(user);
    }

    public Path directory() {
        return root;
    }

    /** Stops both servers by pid and deletes their files. */
    @Override
    public void close() {
        try {
            postfix.close();
        } finally {
            dovecot.close();
        }
        TempDirs.delete(root);
    }
}
