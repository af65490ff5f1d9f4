package io.postern.testing.upstreams;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * Starts real mail servers the best way this machine allows: Debian's Dovecot and Postfix
 * binaries when installed (and running as root), else a Testcontainers container when a Docker
 * engine is reachable. With neither, the calling test is skipped with a message saying what
 * to install, or, where real servers are {@link #required()}, fails with it: CI must never
 * pass without having run them.
 */
public final class RealServers {

    /** System property that makes a missing server a failure rather than a skip (CI sets it). */
    public static final String REQUIRE_PROPERTY = "postern.requireRealServers";

    /** {@code user1}..{@code user6}, password {@code secret-N}: enough for one test each. */
    public static final List<MailUser> USERS = IntStream.rangeClosed(1, 6)
            .mapToObj(i -> new MailUser("user" + i, "secret-" + i)).toList();

    private RealServers() {
    }

    /**
     * Starts Dovecot and Postfix for {@link #USERS}, or skips (aborts) the calling test when
     * neither the binaries nor Docker are available.
     *
     * @param tls whether Dovecot also offers TLS with a self-signed certificate
     */
    public static MailServers start(boolean tls) throws IOException, InterruptedException {
        List<String> problems = localProblems();
        if (problems.isEmpty()) {
            return LocalMailServers.start(USERS, tls);
        }
        if (dockerAvailable()) {
            return ContainerMailServers.start(USERS, tls);
        }
        throw unavailable("real Dovecot and Postfix are not available: " + String.join("; ", problems)
                + "; and no Docker engine is reachable for the Testcontainers fallback. Install them as root with"
                + " .ci/install-mail-servers (apt-get install " + Binaries.PACKAGES + ") or start Docker");
    }

    /**
     * Skips the calling test with {@code message}, or fails it where real servers are required.
     * Declared to return an error so callers can write {@code throw unavailable(...)}; it never
     * returns.
     */
    public static RuntimeException unavailable(String message) {
        if (required()) {
            throw new IllegalStateException(message + " [required here: "
                    + (System.getenv("CI") != null ? "CI is set" : "-D" + REQUIRE_PROPERTY + "=true")
                    + ", so this fails instead of being skipped]");
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    /**
     * Whether a missing server must fail the tests: the environment variable {@code CI} is set
     * (to anything but {@code false}), or {@code -Dpostern.requireRealServers=true}.
     */
    public static boolean required() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false") || Boolean.getBoolean(REQUIRE_PROPERTY);
    }

    /** Why the local binaries cannot be used; empty when they can. */
    static List<String> localProblems() {
        List<String> problems = new ArrayList<>();
        List<String> missing = Binaries.missing();
        if (!missing.isEmpty()) {
            problems.add("missing " + String.join(", ", missing));
        }
        if (!root()) {
            problems.add("not running as root (Dovecot's and Postfix's masters must start as root)");
        }
        return problems;
    }

    private static boolean root() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
