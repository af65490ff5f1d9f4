package io.postern.realservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postern.config.ConfigException;
import io.postern.spi.AuthDecision;
import io.postern.spi.Authenticator;
import io.postern.spi.Credentials;
import io.postern.spi.UpstreamAddress;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import io.postern.testing.upstreams.MailServers;
import io.postern.testing.upstreams.MailUser;
import io.postern.testing.upstreams.RealMailServers;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reload's promise, against a real Dovecot: with clients logging in and out without pause
 * and sessions held open, a reload that adds a server, one of a broken configuration and one
 * that changes the greeting of the running listener fail no login and lose no session; new
 * sessions see the new greeting on the same port.
 */
@RealMailServers
class ReloadUnderLoadTest {

    private static final int WORKERS = 4;
    /** Logins each step waits for before the next: the load runs across every reload. */
    private static final int LOGINS_PER_STEP = 15;

    private static final String CONFIG = """
            mail {
              imap_auth = [plain, login]
              imap_greeting = "%s"
              servers {
                imap { protocol = imap, listen = "127.0.0.1:0" }
                %s
              }
            }
            """;
    private static final String POP3 = "pop3 { protocol = pop3, listen = \"127.0.0.1:0\" }";

    @TempDir
    Path dir;

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Semaphore logins = new Semaphore(0);
    private final AtomicInteger loginCount = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

    @Test
    void reloadsFailNoLoginAndLoseNoSession(MailServers servers) throws Exception {
        try (PosternFixture postern = PosternFixture.start(dir, CONFIG.formatted("first ready", ""),
                StaticAuthModule.of(route(servers)))) {
            InetSocketAddress imap = postern.address();
            List<ScriptClient> held = new ArrayList<>();
            for (int i = 0; i < servers.users().size(); i++) {
                MailUser user = servers.user(i);
                held.add(new ScriptClient(imap).run("""
                        S: \\* OK first ready
                        C: h LOGIN %s %s
                        S: h OK .*""".formatted(user.name(), user.password())));
            }
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < WORKERS; i++) {
                MailUser user = servers.user(i % servers.users().size());
                Thread worker = new Thread(() -> loginAgainAndAgain(imap, user), "login-load-" + i);
                worker.start();
                workers.add(worker);
            }
            try {
                awaitLogins("before any reload");

                postern.reload(CONFIG.formatted("first ready", POP3));
                awaitLogins("after the reload that adds a server");
                try (ScriptClient pop3 = new ScriptClient(postern.address(1))) {
                    MailUser user = servers.user(0);
                    pop3.run("""
                            S: \\+OK.*
                            C: USER %s
                            S: \\+OK.*
                            C: PASS %s
                            S: \\+OK.*
                            C: QUIT
                            S: \\+OK.*""".formatted(user.name(), user.password()));
                }

                assertThatThrownBy(() -> postern.reload(CONFIG.formatted("broken", POP3 + "\nnonsense = on")))
                        .isInstanceOf(ConfigException.class);
                awaitLogins("after the refused reload");

                postern.reload(CONFIG.formatted("second ready", POP3));
                awaitLogins("after the reload that changes the greeting");
                try (ScriptClient after = new ScriptClient(imap)) {
                    after.run("S: \\* OK second ready");
                }
            } finally {
                running.set(false);
                for (Thread worker : workers) {
                    worker.join(TimeUnit.SECONDS.toMillis(60));
                }
            }

            assertThat(postern.address()).isEqualTo(imap);
            for (ScriptClient session : held) {
                session.run("""
                        C: n NOOP
                        S: n OK .*
                        C: o LOGOUT
                        S: \\* BYE.*
                        S: o OK .*""");
                session.close();
            }
            assertThat(failures).as("failed logins").isEmpty();
            assertThat(loginCount.get()).isGreaterThanOrEqualTo(4 * LOGINS_PER_STEP);
        }
    }

    /** One login after another until told to stop; each one that fails is recorded. */
    private void loginAgainAndAgain(InetSocketAddress imap, MailUser user) {
        while (running.get()) {
            try (ScriptClient client = new ScriptClient(imap)) {
                client.run("""
                        S: \\* OK (first|second) ready
                        C: a LOGIN %s %s
                        S: a OK .*
                        C: b LOGOUT
                        S: \\* BYE.*
                        S: b OK .*""".formatted(user.name(), user.password()));
                loginCount.incrementAndGet();
                logins.release();
            } catch (Throwable e) {
                failures.add(e.toString());
            }
        }
    }

    private void awaitLogins(String when) throws InterruptedException {
        assertThat(logins.tryAcquire(LOGINS_PER_STEP, 120, TimeUnit.SECONDS)).as(LOGINS_PER_STEP + " logins " + when)
                .isTrue();
        assertThat(failures).as("failed logins " + when).isEmpty();
    }

    private static Authenticator route(MailServers servers) {
        return request -> {
            if (!(request.credentials() instanceof Credentials.Plain plain) || servers.users().stream()
                    .noneMatch(u -> u.name().equals(plain.user()) && u.password().equals(plain.password()))) {
                return StaticAuthModule.answer(AuthDecision.rejected("Authentication failed"));
            }
            UpstreamAddress upstream = switch (request.session().protocol()) {
                case IMAP -> servers.imap();
                case POP3 -> servers.pop3();
                case SMTP -> servers.smtp();
            };
            return StaticAuthModule.answer(new AuthDecision.Accepted(Optional.empty(), Optional.empty(),
                    Optional.of(upstream), Map.of()));
        };
    }
}
