package io.postern.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.config.RedisSettings;
import io.postern.redis.RedisStore;
import io.postern.spi.Refusal;
import io.postern.testing.upstreams.RedisFixture;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * limit_conn_per_user and limit_conn_per_userip over two instances sharing a real Redis, with a
 * clock the test moves: a lease the instance renews holds, a lease of a dead instance expires.
 */
class SharedSessionsTest {

    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.7", 40000);
    private static final InetSocketAddress OTHER_CLIENT = new InetSocketAddress("198.51.100.9", 40000);

    @TempDir
    Path dir;

    private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);
    private RedisFixture redis;
    private RedisStore storeA;
    private RedisStore storeB;
    private Instance a;
    private Instance b;

    /** One Postern instance: its own counts, its own connection to the shared Redis. */
    private record Instance(ConnectionLimits limits, SharedSessions shared) {
        Admission admit(String login, InetSocketAddress client, LimitSettings settings, String sessionId) {
            try {
                return limits.admitUser(login, client, settings, sessionId, Optional.of(shared)).toCompletableFuture()
                        .get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    @BeforeEach
    void start() throws Exception {
        redis = RedisFixture.start(dir);
        storeA = store();
        storeB = store();
        a = new Instance(new ConnectionLimits(1000), new SharedSessions(storeA, "a", millis::get));
        b = new Instance(new ConnectionLimits(1000), new SharedSessions(storeB, "b", millis::get));
    }

    private RedisStore store() {
        RedisStore store = new RedisStore(new RedisSettings(redis.uri(), false, Optional.empty(), Optional.empty(),
                Duration.ofSeconds(2), Duration.ofSeconds(1), "postern:"));
        store.start();
        return store;
    }

    @AfterEach
    void stop() {
        storeA.close();
        storeB.close();
        redis.close();
    }

    private static LimitSettings limits(int perUser, int perUserIp) {
        return new LimitSettings(AccessRules.ALLOW_ALL, List.of(), 0, ConnectionRate.OFF, 1, perUser, perUserIp, true);
    }

    @Test
    void twoInstancesAllowAUserWhatOneAllows() throws Exception {
        LimitSettings settings = limits(2, 0);
        Lease first = lease(a.admit("Bob", CLIENT, settings, "s1"));
        lease(b.admit("bob", OTHER_CLIENT, settings, "s1"));
        assertThat(a.admit("bob", OTHER_CLIENT, settings, "s2")).isEqualTo(
                new Admission.Refused(Refusal.CONNECTIONS_PER_USER));
        assertThat(b.admit("BOB", CLIENT, settings, "s2")).isEqualTo(
                new Admission.Refused(Refusal.CONNECTIONS_PER_USER));
        assertThat(a.limits().sessionsOf("bob")).as("the instance still counts its own").isEqualTo(1);

        first.close();
        awaitMembers("postern:limits:{bob}:user", 1);
        lease(b.admit("bob", CLIENT, settings, "s3"));
        assertThat(storeA.fallbacks()).isEmpty();
    }

    @Test
    void countsALoginFromOneAddressOverEveryInstance() {
        LimitSettings settings = limits(0, 1);
        lease(a.admit("bob", CLIENT, settings, "s1"));
        assertThat(b.admit("bob", CLIENT, settings, "s1")).isEqualTo(
                new Admission.Refused(Refusal.CONNECTIONS_PER_USERIP));
        lease(b.admit("bob", OTHER_CLIENT, settings, "s2"));
    }

    @Test
    void countsTheConnectionsOfAnAddressOverEveryInstance() throws Exception {
        LimitSettings settings = new LimitSettings(AccessRules.ALLOW_ALL, List.of(), 1, ConnectionRate.OFF, 1, 0, 0,
                true);
        a.limits().shareThrough(a.shared());
        b.limits().shareThrough(b.shared());
        Lease first = lease(a.limits().admitConnection(CLIENT, settings, "c1").toCompletableFuture()
                .get(20, TimeUnit.SECONDS));
        assertThat(b.limits().admitConnection(CLIENT, settings, "c1").toCompletableFuture().get(20, TimeUnit.SECONDS))
                .isEqualTo(new Admission.Refused(Refusal.CONNECTIONS_PER_IP));
        assertThat(b.limits().openConnections()).as("the refused connection was given back").isZero();
        lease(b.limits().admitConnection(OTHER_CLIENT, settings, "c2").toCompletableFuture().get(20, TimeUnit.SECONDS));
        first.close();
        awaitMembers("postern:limits:ip:192.0.2.7", 0);
        lease(b.limits().admitConnection(CLIENT, settings, "c3").toCompletableFuture().get(20, TimeUnit.SECONDS));
    }

    @Test
    void theLeasesOfAnInstanceThatDiedExpireWhileRenewedOnesHold() {
        LimitSettings settings = limits(2, 0);
        lease(a.admit("bob", CLIENT, settings, "s1")); // a dies now: it never renews nor releases
        lease(b.admit("bob", CLIENT, settings, "s1"));
        millis.addAndGet(SharedSessions.RENEW_EVERY.toMillis());
        b.shared().renew();
        millis.addAndGet(SharedSessions.LEASE.toMillis() - SharedSessions.RENEW_EVERY.toMillis() + 1);
        // a's lease has expired; b's, renewed 10 s ago, has not.
        lease(b.admit("bob", CLIENT, settings, "s2"));
        assertThat(b.admit("bob", CLIENT, settings, "s3")).isEqualTo(
                new Admission.Refused(Refusal.CONNECTIONS_PER_USER));
    }

    @Test
    void countsOnlyItsOwnSessionsWhileRedisIsDown() throws Exception {
        LimitSettings settings = limits(1, 0);
        lease(a.admit("bob", CLIENT, settings, "s1"));
        redis.kill();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (storeB.connected()) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(20);
        }
        lease(b.admit("bob", CLIENT, settings, "s1")); // b alone has no session of bob
        assertThat(b.admit("bob", CLIENT, settings, "s2")).isEqualTo(
                new Admission.Refused(Refusal.CONNECTIONS_PER_USER));
        assertThat(storeB.fallbacks()).containsEntry("limits", 2L);
    }

    private static Lease lease(Admission admission) {
        assertThat(admission).isInstanceOf(Admission.Admitted.class);
        return ((Admission.Admitted) admission).lease();
    }

    private void awaitMembers(String key, long members) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!redis.command("ZCARD", key).equals(":" + members)) {
            assertThat(System.nanoTime()).as("%s has %d members within 20s", key, members).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
