package io.postern.testing.upstreams;

import io.postern.spi.UpstreamAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.images.builder.Transferable;

/**
 * Dovecot and Postfix in one Debian 12 container (Testcontainers), for machines with a Docker
 * engine but without the packages. The configuration comes from the same templates as
 * {@link DovecotFixture} and {@link PostfixFixture}; only what differs inside a container is
 * changed: fixed ports mapped to free host ports, listeners on every interface, and Docker's
 * private networks trusted, since Postern's connections arrive from the bridge's gateway.
 */
final class ContainerMailServers implements MailServers {

    private static final String DOVECOT_DIR = "/srv/dovecot";
    private static final String POSTFIX_DIR = "/srv/postfix";
    private static final int IMAP = 143;
    private static final int POP3 = 110;
    private static final int IMAPS = 993;
    private static final int IMAP_HAPROXY = 10143;
    private static final int POP3S = 995;
    private static final int SMTP = 25;
    /** Debian's {@code nobody} and {@code nogroup}. */
    private static final int NOBODY = 65534;
    /** Space-separated: Dovecot's login_trusted_networks takes no commas; Postfix takes either. */
    private static final String TRUSTED = "127.0.0.0/8 10.0.0.0/8 172.16.0.0/12 192.168.0.0/16";
    private static final String RESOURCES = "io/postern/testing/upstreams/";

    private final GenericContainer<?> container;
    private final boolean tls;
    private final List<MailUser> users;
    private final Path hostFiles;
    private volatile String kept;

    private ContainerMailServers(GenericContainer<?> container, boolean tls, List<MailUser> users, Path hostFiles) {
        this.container = container;
        this.tls = tls;
        this.users = List.copyOf(users);
        this.hostFiles = hostFiles;
    }

    @SuppressWarnings("resource") // closed by close()
    static ContainerMailServers start(List<MailUser> users, boolean tls) throws IOException, InterruptedException {
        Path hostFiles = Files.createTempDirectory("postern-mail-container-");
        ImageFromDockerfile image = new ImageFromDockerfile("postern-test-mail-servers", false)
                .withFileFromClasspath("Dockerfile", RESOURCES + "Dockerfile")
                .withFileFromClasspath("container-start.sh", RESOURCES + "container-start.sh");
        GenericContainer<?> container = new GenericContainer<>(image)
                .withExposedPorts(IMAP, POP3, SMTP, IMAPS, POP3S, IMAP_HAPROXY)
                .waitingFor(Wait.forLogMessage(".*postern mail servers started.*", 1)
                        .withStartupTimeout(Duration.ofMinutes(5)));
        DovecotConfig dovecot = new DovecotConfig(DOVECOT_DIR, "*", TRUSTED, NOBODY, NOBODY,
                new DovecotConfig.Ports(IMAP, POP3, IMAPS, POP3S, IMAP_HAPROXY), tls, users);
        PostfixConfig postfix = new PostfixConfig(POSTFIX_DIR, DOVECOT_DIR + "/" + DovecotConfig.RUN,
                String.valueOf(SMTP), "all", TRUSTED, users);
        copy(container, DOVECOT_DIR, dovecot.files());
        copy(container, POSTFIX_DIR, postfix.files());
        if (tls) {
            Path cert = hostFiles.resolve("cert.pem");
            SelfSigned.create(cert, hostFiles.resolve("key.pem"), hostFiles.resolve("openssl.log"));
            copy(container, DOVECOT_DIR, Map.of(
                    DovecotConfig.CERT, Files.readString(cert, StandardCharsets.US_ASCII),
                    DovecotConfig.KEY, Files.readString(hostFiles.resolve("key.pem"), StandardCharsets.US_ASCII)));
        }
        try {
            container.start();
        } catch (RuntimeException e) {
            container.stop();
            throw new IOException("the mail server container did not start (image built from " + RESOURCES
                    + "Dockerfile)", e);
        }
        return new ContainerMailServers(container, tls, users, hostFiles);
    }

    private static void copy(GenericContainer<?> container, String dir, Map<String, String> files) {
        files.forEach((path, content) -> container.withCopyToContainer(
                Transferable.of(content.getBytes(StandardCharsets.UTF_8), 0644), dir + "/" + path));
    }

    private UpstreamAddress mapped(int port) {
        return new UpstreamAddress(container.getHost(), container.getMappedPort(port));
    }

    @Override
    public UpstreamAddress imap() {
        return mapped(IMAP);
    }

    @Override
    public UpstreamAddress imapHaproxy() {
        return mapped(IMAP_HAPROXY);
    }

    @Override
    public UpstreamAddress pop3() {
        return mapped(POP3);
    }

    @Override
    public UpstreamAddress smtp() {
        return mapped(SMTP);
    }

    @Override
    public Optional<UpstreamAddress> imaps() {
        return tls ? Optional.of(mapped(IMAPS)) : Optional.empty();
    }

    @Override
    public Optional<UpstreamAddress> pop3s() {
        return tls ? Optional.of(mapped(POP3S)) : Optional.empty();
    }

    @Override
    public Optional<Path> certificate() {
        return tls ? Optional.of(hostFiles.resolve("cert.pem")) : Optional.empty();
    }

    @Override
    public List<MailUser> users() {
        return users;
    }

    @Override
    public String engine() {
        return "container " + container.getContainerId();
    }

    @Override
    public String logs() {
        return kept != null ? kept : "the output of " + engine() + " (both logs are followed there)";
    }

    /** Copies both log files out of the container, which is removed at {@link #close()}. */
    @Override
    public synchronized String keepLogs() {
        if (kept == null) {
            Path dovecotLog = hostFiles.resolve("dovecot.log");
            Path postfixLog = hostFiles.resolve("postfix.log");
            container.copyFileFromContainer(DOVECOT_DIR + "/" + DovecotConfig.LOG, dovecotLog.toString());
            container.copyFileFromContainer(POSTFIX_DIR + "/" + PostfixConfig.LOG, postfixLog.toString());
            kept = dovecotLog + ", " + postfixLog;
        }
        return kept;
    }

    @Override
    public void close() {
        container.stop();
        if (kept == null) {
            LocalMailServers.delete(hostFiles);
        }
    }
}
