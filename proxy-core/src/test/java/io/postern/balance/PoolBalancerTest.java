package io.postern.balance;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.config.RedisSettings;
import io.postern.config.UpstreamPool;
import io.postern.redis.RedisStore;
import io.postern.spi.UpstreamAddress;
import io.postern.testing.upstreams.RedisFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pool's order: round robin, the login's ring, and the affinity remembered in a real Redis. */
class PoolBalancerTest {

    private static final UpstreamAddress A = new UpstreamAddress("10.0.0.1", 143);
    private static final UpstreamAddress B = new UpstreamAddress("10.0.0.2", 143);
    private static final UpstreamAddress C = new UpstreamAddress("10.0.0.3", 143);
    private static final UpstreamAddress D = new UpstreamAddress("10.0.0.4", 143);

    @TempDir
    Path dir;

    private RedisFixture redis;
    private RedisStore store;

    @BeforeEach
    void start() throws Exception {
        redis = RedisFixture.start(dir);
        store = new RedisStore(new RedisSettings(redis.uri(), false, Optional.empty(), Optional.empty(),
                Duration.ofSeconds(2), Duration.ofSeconds(1), "postern:"));
        store.start();
    }

    @AfterEach
    void stop() {
        store.close();
        redis.close();
    }

    private static UpstreamPool pool(boolean hash, Optional<Duration> affinity, UpstreamAddress... servers) {
        return new UpstreamPool("store", List.of(servers), Optional.empty(), hash, affinity);
    }

    private static List<UpstreamAddress> order(PoolBalancer balancer, UpstreamPool pool, String login) {
        try {
            return balancer.order(pool, login).toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void withoutAHashTakesTurns() {
        UpstreamPool pool = pool(false, Optional.empty(), A, B, C);
        PoolBalancer balancer = new PoolBalancer(Map.of("store", pool), Optional.empty());
        assertThat(order(balancer, pool, "bob")).containsExactly(A, B, C);
        assertThat(order(balancer, pool, "bob")).containsExactly(B, C, A);
    }

    @Test
    void withAHashEveryInstanceSendsALoginToTheSameServerWithoutRedis() {
        UpstreamPool pool = pool(true, Optional.empty(), A, B, C);
        PoolBalancer one = new PoolBalancer(Map.of("store", pool), Optional.empty());
        PoolBalancer other = new PoolBalancer(Map.of("store", pool), Optional.empty());
        assertThat(order(other, pool, "Bob")).isEqualTo(order(one, pool, "bob")).isEqualTo(order(one, pool, "bob"));
    }

    @Test
    void rememberedAffinityKeepsAUserOnItsServerWhenThePoolGrowsAndLetsGoWhenItsServerLeaves() throws Exception {
        UpstreamPool three = pool(true, Optional.of(Duration.ofMinutes(15)), A, B, C);
        UpstreamPool four = pool(true, Optional.of(Duration.ofMinutes(15)), A, B, C, D);
        // A user the bigger ring moves to the new server D.
        String user = IntStream.range(0, 1000).mapToObj(i -> "user" + i)
                .filter(u -> new ConsistentHash(four.servers()).order(u).get(0).equals(D)).findFirst().orElseThrow();
        UpstreamAddress before = new ConsistentHash(three.servers()).order(user).get(0);

        assertThat(order(new PoolBalancer(Map.of("store", three), Optional.of(store)), three, user).get(0))
                .isEqualTo(before);
        PoolBalancer grown = new PoolBalancer(Map.of("store", four), Optional.of(store));
        assertThat(order(grown, four, user).get(0)).as("remembered, though the ring now says D").isEqualTo(before);
        assertThat(order(new PoolBalancer(Map.of("store", four), Optional.empty()), four, user).get(0))
                .as("without Redis: the ring").isEqualTo(D);
        assertThat(Long.parseLong(redis.command("PTTL", "postern:affinity:store:" + user).substring(1)))
                .isBetween(1L, Duration.ofMinutes(15).toMillis());

        List<UpstreamAddress> rest = four.servers().stream().filter(s -> !s.equals(before)).toList();
        UpstreamPool shrunk = pool(true, Optional.of(Duration.ofMinutes(15)), rest.toArray(UpstreamAddress[]::new));
        UpstreamAddress now = order(new PoolBalancer(Map.of("store", shrunk), Optional.of(store)), shrunk, user).get(0);
        assertThat(now).as("its server left the pool: the ring's choice, remembered from now")
                .isEqualTo(new ConsistentHash(shrunk.servers()).order(user).get(0));
        assertThat(redis.command("GET", "postern:affinity:store:" + user)).isEqualTo(now.toString());
    }

    @Test
    void fallsBackToTheRingWhenRedisIsDown() throws Exception {
        UpstreamPool pool = pool(true, Optional.of(Duration.ofMinutes(15)), A, B, C);
        redis.kill();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (store.connected()) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(20);
        }
        assertThat(order(new PoolBalancer(Map.of("store", pool), Optional.of(store)), pool, "bob"))
                .isEqualTo(new ConsistentHash(pool.servers()).order("bob"));
        assertThat(store.fallbacks()).containsEntry("affinity", 1L);
    }
}
