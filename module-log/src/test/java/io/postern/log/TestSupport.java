package io.postern.log;

import static org.assertj.core.api.Assertions.fail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.postern.module.LoadedModule;
import io.postern.module.ModuleDescriptor;
import io.postern.spi.AuthDecision;
import io.postern.spi.Authenticator;
import io.postern.spi.Credentials;
import io.postern.spi.SpiVersion;
import io.postern.spi.UpstreamAddress;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/** What the end-to-end tests of module-log share: an upstream, a scripted AUTH phase, waiting. */
final class TestSupport {

    static final String USER = "bob@localhost";
    static final String PASSWORD = "s3cr3t-Pa55";
    /** Accepted, but the upstream is given a wrong password and refuses the login. */
    static final String REFUSED_USER = "refused@localhost";
    /** Accepted to an upstream port nobody listens on. */
    static final String UNREACHABLE_USER = "unreachable@localhost";
    /** The authenticator fails (a backend down). */
    static final String BROKEN_USER = "broken@localhost";

    private TestSupport() {
    }

    /** Embedded GreenMail IMAP, POP3 and SMTP servers on free loopback ports, with {@link #USER}. */
    static final class Upstream implements AutoCloseable {
        final GreenMail greenMail;

        Upstream() {
            greenMail = new GreenMail(new ServerSetup[] {new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP),
                    new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3),
                    new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)});
            greenMail.start();
            greenMail.setUser(USER, USER, PASSWORD);
        }

        /** The IMAP server. */
        UpstreamAddress address() {
            return new UpstreamAddress("127.0.0.1", greenMail.getImap().getPort());
        }

        UpstreamAddress pop3Address() {
            return new UpstreamAddress("127.0.0.1", greenMail.getPop3().getPort());
        }

        UpstreamAddress smtpAddress() {
            return new UpstreamAddress("127.0.0.1", greenMail.getSmtp().getPort());
        }

        @Override
        public void close() {
            greenMail.stop();
        }
    }

    static LoadedModule loaded(LogModule module) {
        return LoadedModule.inProcess(module, new ModuleDescriptor("log", "test", SpiVersion.current(), "test"));
    }

    /**
     * {@link #USER} with {@link #PASSWORD} goes to {@code upstream}; the special users end their
     * sessions in their own ways; everyone else is rejected without a retry.
     */
    static Authenticator scripted(UpstreamAddress upstream) {
        UpstreamAddress unreachable = new UpstreamAddress("127.0.0.1", closedPort());
        return request -> {
            String user = request.credentials().user();
            String password = request.credentials() instanceof Credentials.Plain p ? p.password() : "";
            AuthDecision decision;
            if (user.equals(USER) && password.equals(PASSWORD)) {
                decision = AuthDecision.acceptedTo(upstream);
            } else if (user.equals(REFUSED_USER)) {
                decision = new AuthDecision.Accepted(Optional.of(USER), Optional.of("not-the-password"),
                        Optional.of(upstream), Map.of());
            } else if (user.equals(UNREACHABLE_USER)) {
                decision = AuthDecision.acceptedTo(unreachable);
            } else if (user.equals(BROKEN_USER)) {
                decision = new AuthDecision.Failed("backend down");
            } else {
                decision = AuthDecision.rejected("Invalid login");
            }
            return CompletableFuture.completedFuture(decision);
        };
    }

    /** A loopback port that was free a moment ago, so a connection to it is refused. */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits up to 10 seconds for {@code condition}. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Waits until {@code file} holds {@code n} complete lines, and returns them. */
    static List<String> awaitLines(Path file, int n) throws InterruptedException {
        await(n + " line(s) in " + file, () -> lines(file).size() >= n);
        return lines(file);
    }

    static List<String> lines(Path file) {
        try {
            if (!Files.exists(file)) {
                return List.of();
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
