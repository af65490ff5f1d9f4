package io.postern.testing.upstreams;

import io.postern.spi.UpstreamAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A throwaway Dovecot started from Debian's binaries: its own configuration, base_dir,
 * state_dir, log file, passwd-file users and maildirs in a directory of the caller's, plain
 * IMAP and POP3 listeners on free loopback ports (and imaps/pop3s with {@code tls}), an LMTP
 * socket for {@link PostfixFixture}. Needs root: the master runs as root and hands the mail
 * to the non-root {@code nobody}.
 *
 * <pre>{@code
 * try (DovecotFixture dovecot = DovecotFixture.start(dir, users, false)) {
 *     UpstreamAddress imap = dovecot.imap();
 * }
 * }</pre>
 */
public final class DovecotFixture implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final String MAIL_USER = "nobody";
    private static final String MAIL_GROUP = "nogroup";

    private final Path dir;
    private final DovecotConfig config;
    private final long pid;
    private final Daemons.Guard daemon;

    private DovecotFixture(Path dir, DovecotConfig config, long pid) {
        this.dir = dir;
        this.config = config;
        this.pid = pid;
        this.daemon = Daemons.guard("dovecot", STOP_GRACE, pid);
        // A JVM that ends without closing the fixture (a killed fork) must not leave Dovecot behind.
    }

    /**
     * Starts Dovecot in {@code dir} (created if absent), retrying with new ports when another
     * process takes one of the picked ports first.
     *
     * @param tls whether to make a self-signed certificate and offer TLS (STARTTLS, imaps, pop3s)
     */
    public static DovecotFixture start(Path dir, List<MailUser> users, boolean tls) throws IOException, InterruptedException {
        return start(dir, users, tls, DovecotLimits.DEFAULTS);
    }

    /**
     * Starts Dovecot as {@link #start(Path, List, boolean)} does, taking as many sessions at once
     * as {@code limits} says (the benchmarks' thousands of idle sessions of one user).
     */
    public static DovecotFixture start(Path dir, List<MailUser> users, boolean tls, DovecotLimits limits)
            throws IOException, InterruptedException {
        return start(dir, users, tls, limits, "");
    }

    /**
     * Starts Dovecot as {@link #start(Path, List, boolean)} does, with a second passdb,
     * {@code oauth2}, that asks {@code oauth2Introspection} (RFC 7662, posting the token) about
     * bearer tokens: XOAUTH2, OAUTHBEARER, or a token as the password of LOGIN or USER/PASS.
     */
    public static DovecotFixture startWithOAuth2(Path dir, List<MailUser> users, String oauth2Introspection)
            throws IOException, InterruptedException {
        return start(dir, users, false, DovecotLimits.DEFAULTS, oauth2Introspection);
    }

    private static DovecotFixture start(Path dir, List<MailUser> users, boolean tls, DovecotLimits limits,
                                        String oauth2Introspection) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(dir, users, tls, limits, oauth2Introspection);
            } catch (Daemons.PortClash e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private static DovecotFixture startOnce(Path dir, List<MailUser> users, boolean tls, DovecotLimits limits,
                                            String oauth2Introspection) throws IOException, InterruptedException {
        Path mail = prepare(dir);
        int[] ports = FreePorts.pick(5);
        DovecotConfig config = new DovecotConfig(dir.toString(), "127.0.0.1", "127.0.0.0/8",
                (Integer) Files.getAttribute(mail, "unix:uid"), (Integer) Files.getAttribute(mail, "unix:gid"),
                new DovecotConfig.Ports(ports[0], ports[1], ports[2], ports[3], ports[4]), tls, users, limits,
                oauth2Introspection);
        write(dir, config.files());
        Files.setPosixFilePermissions(dir.resolve(DovecotConfig.USERS), PosixFilePermissions.fromString("rw-r--r--"));
        if (tls) {
            SelfSigned.create(dir.resolve(DovecotConfig.CERT), dir.resolve(DovecotConfig.KEY), dir.resolve("log/openssl.log"));
        }
        Path conf = dir.resolve(DovecotConfig.CONF);
        Path stderr = dir.resolve("log/dovecot.stderr");
        Daemons.run(List.of(Binaries.command("doveconf"), "-c", conf.toString(), "-n"),
                dir.resolve("log/doveconf-n.txt"), START_TIMEOUT);
        int exit = Daemons.run(List.of(Binaries.command("dovecot"), "-c", conf.toString()), stderr, START_TIMEOUT);
        if (exit != 0) {
            String why = Daemons.tail(stderr, 20) + "\n" + Daemons.tail(dir.resolve(DovecotConfig.LOG), 20);
            if (why.contains("Address already in use")) {
                throw new Daemons.PortClash(why);
            }
            throw new IOException("dovecot -c " + conf + " failed (exit " + exit + "); logs in " + dir.resolve("log")
                    + ":\n" + why);
        }
        long pid = Daemons.readPid(dir.resolve(DovecotConfig.PID), START_TIMEOUT);
        DovecotFixture fixture = new DovecotFixture(dir, config, pid);
        try {
            Daemons.awaitGreeting(ports[0], "* OK ", START_TIMEOUT);
            Daemons.awaitGreeting(ports[1], "+OK ", START_TIMEOUT);
            return fixture;
        } catch (IOException | RuntimeException e) {
            fixture.close();
            if (e instanceof Daemons.PortClash) {
                throw e;
            }
            throw new IOException("Dovecot (pid " + pid + ") did not come up; logs in " + dir.resolve("log") + ":\n"
                    + Daemons.tail(dir.resolve(DovecotConfig.LOG), 20), e);
        }
    }

    /**
     * Makes the directories; {@code mail/} belongs to {@code nobody} because Dovecot refuses to
     * run mail processes as root; {@code dir} (and the caller's directories above it) must be
     * traversable by it and by the {@code dovecot} and {@code postfix} users, which a fresh
     * temporary directory (0700) is not.
     */
    private static Path prepare(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("etc"));
        Files.createDirectories(dir.resolve("log"));
        Files.createDirectories(dir.resolve(DovecotConfig.RUN));
        Files.createDirectories(dir.resolve("state"));
        Path mail = Files.createDirectories(dir.resolve("mail"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        UserPrincipalLookupService lookup = mail.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(mail, lookup.lookupPrincipalByName(MAIL_USER));
        Files.getFileAttributeView(mail, PosixFileAttributeView.class)
                .setGroup(lookup.lookupPrincipalByGroupName(MAIL_GROUP));
        return mail;
    }

    static void write(Path dir, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = dir.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
        }
    }

    /** The plain IMAP listener. */
    public UpstreamAddress imap() {
        return new UpstreamAddress("127.0.0.1", config.ports().imap());
    }

    /** The plain IMAP listener that expects a PROXY protocol header first. */
    public UpstreamAddress imapHaproxy() {
        return new UpstreamAddress("127.0.0.1", config.ports().imapHaproxy());
    }

    /** The plain POP3 listener. */
    public UpstreamAddress pop3() {
        return new UpstreamAddress("127.0.0.1", config.ports().pop3());
    }

    /** The implicit-TLS IMAP listener, when started with TLS. */
    public Optional<UpstreamAddress> imaps() {
        return config.tls() ? Optional.of(new UpstreamAddress("127.0.0.1", config.ports().imaps())) : Optional.empty();
    }

    /** The implicit-TLS POP3 listener, when started with TLS. */
    public Optional<UpstreamAddress> pop3s() {
        return config.tls() ? Optional.of(new UpstreamAddress("127.0.0.1", config.ports().pop3s())) : Optional.empty();
    }

    /** The self-signed certificate (PEM) the TLS listeners present, when started with TLS. */
    public Optional<Path> certificate() {
        return config.tls() ? Optional.of(dir.resolve(DovecotConfig.CERT)) : Optional.empty();
    }

    /** The base_dir with the {@code lmtp} and {@code auth-client} sockets. */
    public Path runDirectory() {
        return dir.resolve(DovecotConfig.RUN);
    }

    /** {@code mail/<user>/Maildir}, created by Dovecot at the user's first login or delivery. */
    public Path maildir(MailUser user) {
        return dir.resolve("mail").resolve(user.name()).resolve("Maildir");
    }

    /** The passwd-file users. */
    public List<MailUser> users() {
        return config.users();
    }

    /** Dovecot's one log file (all levels). */
    public Path log() {
        return dir.resolve(DovecotConfig.LOG);
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
