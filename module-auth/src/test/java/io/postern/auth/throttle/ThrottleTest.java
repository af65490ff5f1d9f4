package io.postern.auth.throttle;

import io.postern.testing.HoconServerConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.postern.auth.testkit.FakeServerConfig;
import io.postern.auth.testkit.FakeSession;
import io.postern.auth.testkit.LogCapture;
import io.postern.auth.testkit.MutableClock;
import io.postern.spi.AuthDecision;
import io.postern.spi.AuthRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The throttle with a clock and a timer the test controls: no test waits for real time. */
class ThrottleTest {

    private static final AuthDecision WRONG = AuthDecision.rejected("Authentication failed.");

    private final MutableClock clock = new MutableClock();
    private final List<Duration> delays = new ArrayList<>();
    private final List<Runnable> timers = new ArrayList<>();
    private Throttle throttle = throttle("auth_throttle = on");
    private FakeSession session = session("192.0.2.7");
    private int guesses;

    private Throttle throttle(String hocon) {
        HoconServerConfig server = FakeServerConfig.of("imap", hocon);
        ThrottleSettings settings = ThrottleSettings.read(server);
        ThrottleStore store = new InMemoryThrottleStore(settings.window(), settings.lockout(), settings.maxEntries());
        return new Throttle(Map.of("imap", new Throttle.Policy(settings, store)), clock, (task, delay) -> {
            delays.add(delay);
            timers.add(task);
        });
    }

    private static FakeSession session(String ip) {
        return FakeSession.from(ip, FakeServerConfig.of("imap", ""));
    }

    private CompletableFuture<AuthDecision> attempt(FakeSession from, String login, AuthDecision outcome) {
        return attempt(from, login, "guess-" + guesses++, outcome);
    }

    private CompletableFuture<AuthDecision> attempt(FakeSession from, String login, String password,
                                                    AuthDecision outcome) {
        AuthRequest request = from.plain(login, password);
        CompletableFuture<AuthDecision> answer = throttle.authenticate(request).toCompletableFuture();
        if (answer.isDone() && answer.join() == Throttle.LOCKED_OUT) {
            throttle.onAuthDecision(from, request, Throttle.LOCKED_OUT);
        } else {
            throttle.onAuthDecision(from, request, outcome);
        }
        return answer;
    }

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            attempt(session, "bob", WRONG);
        }
    }

    @Test
    void answersAtOnceUntilTheThirdFailureThenDelaysGrowingUpToTheCap() {
        for (int i = 0; i < 3; i++) {
            assertThat(attempt(session, "bob", WRONG)).isCompletedWithValue(AuthDecision.declined());
        }
        assertThat(delays).isEmpty();

        CompletableFuture<AuthDecision> fourth = attempt(session, "bob", WRONG);
        assertThat(fourth).isNotDone();
        timers.get(0).run();
        assertThat(fourth).isCompletedWithValue(AuthDecision.declined());

        fail(5);
        assertThat(delays).extracting(Duration::toSeconds).containsExactly(1L, 2L, 4L, 8L, 15L, 15L);
    }

    @Test
    void locksOutAfterTwentyFailuresUntilTheLockoutExpires() {
        fail(20);

        assertThat(attempt(session, "bob", WRONG)).isCompletedWithValue(Throttle.LOCKED_OUT);
        assertThat(attempt(session("192.0.2.8"), "BOB", WRONG)).as("the login is locked from the same network")
                .isCompletedWithValue(Throttle.LOCKED_OUT);
        assertThat(attempt(session, "alice", WRONG)).as("and the address for any login")
                .isCompletedWithValue(Throttle.LOCKED_OUT);

        clock.advance(Duration.ofMinutes(14));
        assertThat(attempt(session, "bob", WRONG)).as("refused attempts do not extend it")
                .isCompletedWithValue(Throttle.LOCKED_OUT);
        clock.advance(Duration.ofMinutes(1));
        delays.clear();
        assertThat(attempt(session, "bob", WRONG)).isCompletedWithValue(AuthDecision.declined());
        assertThat(delays).as("the window has passed as well: counting starts again").isEmpty();
    }

    @Test
    void successResetsTheLoginsCounterForItsNetworkButNotTheAddresss() {
        fail(5);
        attempt(session("192.0.2.99"), "bob", AuthDecision.accepted());
        delays.clear();

        attempt(session("192.0.2.98"), "bob", WRONG);
        assertThat(delays).as("bob's counter for 192.0.2.0/24 starts again").isEmpty();
        attempt(session, "carol", WRONG);
        assertThat(delays).as("192.0.2.7 still has its failures").hasSize(1);
    }

    @Test
    void withTheDefaultsDelaysOneAddressGrowinglyThenRefusesIt() {
        throttle = throttle("");
        for (int i = 1; i <= 20; i++) {
            CompletableFuture<AuthDecision> answer = attempt(session, "user" + i, WRONG);
            timers.forEach(Runnable::run);
            timers.clear();
            assertThat(answer).as("attempt %d", i).isCompletedWithValue(AuthDecision.declined());
        }

        assertThat(delays).extracting(Duration::toSeconds)
                .containsExactly(1L, 2L, 4L, 8L, 15L, 15L, 15L, 15L, 15L, 15L, 15L, 15L, 15L, 15L, 15L, 15L, 15L);
        assertThat(attempt(session, "user21", WRONG)).isCompletedWithValue(Throttle.LOCKED_OUT);
        assertThat(attempt(session("192.0.2.8"), "user21", WRONG)).as("a neighbour is not refused")
                .isCompletedWithValue(AuthDecision.declined());
    }

    @Test
    void aUsersOwnNetworkStillLogsInAtOnceAfterAnAttackerElsewhereExhaustedTheLockout() {
        throttle = throttle("auth_throttle = on");
        for (int i = 0; i < 25; i++) {
            attempt(session("198.51.100." + (i % 5)), "bob", WRONG);
        }
        assertThat(attempt(session("198.51.100.200"), "bob", WRONG)).as("bob is locked out from 198.51.100.0/24")
                .isCompletedWithValue(Throttle.LOCKED_OUT);
        delays.clear();

        AuthRequest victim = session.plain("bob", "right");
        CompletableFuture<AuthDecision> answer = throttle.authenticate(victim).toCompletableFuture();
        assertThat(answer).as("not refused, and not delayed").isCompletedWithValue(AuthDecision.declined());
        assertThat(delays).isEmpty();
        throttle.onAuthDecision(session, victim, AuthDecision.accepted());

        assertThat(attempt(session("198.51.100.201"), "bob", WRONG)).as("the attacker's network stays refused")
                .isCompletedWithValue(Throttle.LOCKED_OUT);
    }

    @Test
    void fromTheAttackersOwnNetworkTheLoginIsRefusedUntilTheLockoutEndsAndOnlyThere() {
        throttle = throttle("auth_throttle = on");
        for (int i = 0; i < 20; i++) {
            attempt(session("192.0.2." + (100 + i)), "bob", WRONG);
        }

        assertThat(attempt(session, "bob", AuthDecision.accepted())).as("the user, in the attacker's /24")
                .isCompletedWithValue(Throttle.LOCKED_OUT);
        assertThat(attempt(session("203.0.113.5"), "bob", WRONG)).as("only there")
                .isCompletedWithValue(AuthDecision.declined());
        clock.advance(Duration.ofMinutes(15));
        delays.clear();
        assertThat(attempt(session, "bob", AuthDecision.accepted())).isCompletedWithValue(AuthDecision.declined());
        assertThat(delays).isEmpty();
    }

    @Test
    void countsAnIpv6ClientsLoginPerSlash64AndItsAddressPerSlash64() {
        throttle = throttle("auth_throttle = on");
        for (int i = 0; i < 20; i++) {
            attempt(session("2001:db8:1:2::" + Integer.toHexString(i + 1)), "bob", WRONG);
        }

        assertThat(attempt(session("2001:db8:1:2:ffff::1"), "alice", WRONG)).as("the /64 is one address")
                .isCompletedWithValue(Throttle.LOCKED_OUT);
        assertThat(attempt(session("2001:db8:1:3::1"), "bob", WRONG)).as("the next /64 is another network")
                .isCompletedWithValue(AuthDecision.declined());
    }

    @Test
    void countsLoginsPerAddressWhenTheNetworkIsNarrowedToOne() {
        throttle = throttle("auth_throttle = on, auth_throttle_login_network_ipv4 = 32");
        for (int i = 0; i < 20; i++) {
            attempt(session("198.51.100.1"), "bob", WRONG);
        }

        assertThat(attempt(session("198.51.100.2"), "bob", WRONG)).isCompletedWithValue(AuthDecision.declined());
    }

    @Test
    void countsAWrongPasswordRepeatedByAClientOnceAsDovecotDoes() {
        throttle = throttle("auth_throttle = on");
        for (int i = 0; i < 50; i++) {
            assertThat(attempt(session, "bob", "stale password", WRONG)).as("attempt %d", i + 1)
                    .isCompletedWithValue(AuthDecision.declined());
        }
        assertThat(delays).as("a phone retrying its stale password locks nobody out").isEmpty();

        attempt(session, "bob", "another", WRONG);
        attempt(session, "bob", "stale password", WRONG);
        attempt(session, "bob", "a third", WRONG);
        assertThat(delays).as("new guesses count: the third failure").isEmpty();
        attempt(session, "bob", "a fourth", WRONG);
        assertThat(delays).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void logsALockoutWithTheLoginEscaped() {
        try (LogCapture log = new LogCapture()) {
            for (int i = 0; i < 20; i++) {
                attempt(session("198.51.100." + i), "bob\r\n INFO admin logged in", WRONG);
            }

            assertThat(log.all()).contains("auth_throttle: login \"bob\\x0D\\x0A INFO admin logged in\" from "
                    + "198.51.100.0/24 locked out for 900s after 20 failed logins")
                    .doesNotContain("\r").doesNotContain("\n INFO");
        }
    }

    @Test
    void forgetsFailuresAWindowApart() {
        fail(3);
        clock.advance(Duration.ofMinutes(10));

        attempt(session, "bob", WRONG);
        attempt(session, "bob", WRONG);
        assertThat(delays).isEmpty();
    }

    @Test
    void skipsWhitelistedNetworks() {
        throttle = throttle("auth_throttle = on, auth_throttle_whitelist = [\"192.0.2.0/24\", \"::1\"]");
        fail(25);

        assertThat(attempt(session, "bob", WRONG)).isCompletedWithValue(AuthDecision.declined());
        assertThat(delays).isEmpty();
        assertThat(attempt(session("198.51.100.1"), "bob", WRONG)).as("the login was never counted")
                .isCompletedWithValue(AuthDecision.declined());
    }

    @Test
    void doesNothingWhenOff() {
        throttle = throttle("auth_throttle = off");
        fail(25);

        assertThat(attempt(session, "bob", WRONG)).isCompletedWithValue(AuthDecision.declined());
    }

    @Test
    void countsIpsAndLoginsSeparately() {
        for (int i = 0; i < 4; i++) {
            attempt(session("198.51.100." + i), "user" + i, WRONG);
        }
        assertThat(delays).isEmpty();
        for (int i = 0; i < 3; i++) {
            attempt(session("198.51.100." + (10 + i)), "bob", WRONG);
        }
        attempt(session("198.51.100.20"), "bob", WRONG);
        assertThat(delays).as("bob failed 3 times from 3 addresses of one network")
                .containsExactly(Duration.ofSeconds(1));
    }
}
