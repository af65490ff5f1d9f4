package io.postern.auth.throttle;

import io.postern.testing.HoconServerConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.postern.auth.testkit.FakeServerConfig;
import io.postern.auth.testkit.FakeSession;
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
        AuthRequest request = from.plain(login, "guess");
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
        assertThat(attempt(session("198.51.100.1"), "BOB", WRONG)).as("the login is locked from anywhere")
                .isCompletedWithValue(Throttle.LOCKED_OUT);
        assertThat(attempt(session, "alice", WRONG)).as("and so is the IP for any login")
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
    void successResetsTheLoginsCounterButNotTheIps() {
        fail(5);
        attempt(session("198.51.100.1"), "bob", AuthDecision.accepted());
        delays.clear();

        attempt(session("198.51.100.2"), "bob", WRONG);
        assertThat(delays).as("bob's counter starts again").isEmpty();
        attempt(session, "carol", WRONG);
        assertThat(delays).as("192.0.2.7 still has its failures").hasSize(1);
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
        assertThat(delays).as("bob failed 3 times from 3 addresses").containsExactly(Duration.ofSeconds(1));
    }
}
