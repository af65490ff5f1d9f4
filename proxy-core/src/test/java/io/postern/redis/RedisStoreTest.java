package io.postern.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.config.RedisSettings;
import io.postern.spi.SharedScript;
import io.postern.testing.TestPki;
import io.postern.testing.upstreams.RedisFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core's Redis store against a real {@code redis-server}: scripts, pub/sub and the failure policy. */
class RedisStoreTest {

    /** Counts calls of one key: what every shared counter of Postern does in some form. */
    static final SharedScript INCREMENT = new SharedScript("test-increment",
            "local n = redis.call('INCR', KEYS[1]) redis.call('PEXPIRE', KEYS[1], ARGV[1]) return {n}");

    /** Bounds the waits of the test itself, far above any timeout under test. */
    private static final long BOUND_SECONDS = 20;

    @TempDir
    Path dir;

    RedisFixture redis;
    RedisStore store;

    @BeforeEach
    void setUp() throws Exception {
        redis = RedisFixture.start(dir.resolve("redis"));
    }

    @AfterEach
    void tearDown() {
        if (store != null) {
            store.close();
        }
        redis.close();
    }

    private RedisStore store(Duration timeout) {
        return new RedisStore(new RedisSettings(redis.uri(), false, Optional.empty(), Optional.empty(), timeout,
                Duration.ofSeconds(1), "postern:"));
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(BOUND_SECONDS, TimeUnit.SECONDS);
    }

    private CompletionStage<Long> count(String key) {
        return store.sharedOrLocal("test", () -> store.eval(INCREMENT, List.of(key), List.of("60000"))
                .thenApply(r -> (Long) r.get(0)), () -> -1L);
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within %ds", BOUND_SECONDS).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void runsScriptsUnderTheKeyPrefixAndReloadsAFlushedScript() throws Exception {
        store = store(Duration.ofSeconds(2));
        store.start();
        assertThat(store.connected()).isTrue();
        assertThat(await(count("k"))).isEqualTo(1L);
        assertThat(await(count("k"))).isEqualTo(2L);
        assertThat(redis.command("GET", "postern:k")).isEqualTo("2");
        // A restarted or failed-over Redis has no cached scripts: EVALSHA's NOSCRIPT is answered by EVAL.
        assertThat(redis.command("SCRIPT", "FLUSH")).isEqualTo("+OK");
        assertThat(await(count("k"))).isEqualTo(3L);
        assertThat(store.fallbacks()).isEmpty();
    }

    @Test
    void fallsBackWhileRedisIsDownAndSharesAgainWhenItReturns() throws Exception {
        store = store(Duration.ofSeconds(2));
        store.start();
        assertThat(await(count("k"))).isEqualTo(1L);
        redis.kill();
        awaitTrue(() -> !store.connected());
        assertThat(await(count("k"))).isEqualTo(-1L);
        assertThat(store.fallbacks()).containsEntry("test", 1L);
        redis.restart();
        awaitTrue(store::connected);
        assertThat(await(count("k"))).isEqualTo(1L); // the new Redis is empty
        assertThat(store.fallbacks()).containsEntry("test", 1L);
    }

    @Test
    void aSlowRedisFallsBackAfterTheTimeout() throws Exception {
        store = store(Duration.ofMillis(200));
        store.start();
        assertThat(await(count("k"))).isEqualTo(1L);
        // Redis holds every client's scripts and writes for 60 s: without the timeout the call would wait that long.
        assertThat(redis.command("CLIENT", "PAUSE", "60000", "WRITE")).isEqualTo("+OK");
        try {
            assertThat(await(count("k"))).isEqualTo(-1L);
            assertThat(store.fallbacks()).containsEntry("test", 1L);
        } finally {
            redis.command("CLIENT", "UNPAUSE");
        }
    }

    @Test
    void startsWithoutRedisAndConnectsWhenItComes() throws Exception {
        redis.kill();
        store = store(Duration.ofSeconds(2));
        store.start(); // waits connect_timeout at most, then goes on
        assertThat(store.connected()).isFalse();
        assertThat(await(count("k"))).isEqualTo(-1L);
        redis.restart();
        awaitTrue(store::connected);
        assertThat(await(count("k"))).isEqualTo(1L);
    }

    @Test
    void aStoreNotStartedFallsBackAtOnce() throws Exception {
        store = store(Duration.ofSeconds(2)); // postern -t: configured, never connected
        assertThat(await(count("k"))).isEqualTo(-1L);
        assertThat(store.eval(INCREMENT, List.of("k"), List.of("1000")).toCompletableFuture())
                .isCompletedExceptionally();
    }

    @Test
    void speaksTlsTrustingTheConfiguredAuthority(@TempDir Path pkiDir) throws Exception {
        TestPki pki = TestPki.create(pkiDir, "redis-ca");
        TestPki.Issued certificate = pki.server("localhost");
        redis.close();
        redis = RedisFixture.startTls(dir.resolve("redis-tls"), certificate.certificateFile(), certificate.keyFile());
        store = new RedisStore(new RedisSettings(redis.tlsUri(), false, Optional.empty(), Optional.empty(),
                Duration.ofSeconds(2), Duration.ofSeconds(1), "postern:", Optional.of(pki.caFile())));
        store.start();
        assertThat(store.connected()).isTrue();
        assertThat(await(count("k"))).isEqualTo(1L);
        RedisStore untrusting = new RedisStore(new RedisSettings(redis.tlsUri(), false, Optional.empty(),
                Optional.empty(), Duration.ofSeconds(2), Duration.ofSeconds(1), "postern:"));
        try {
            untrusting.start(); // the JDK's CAs do not know the test's: no connection
            assertThat(untrusting.connected()).isFalse();
        } finally {
            untrusting.close();
        }
    }

    @Test
    void findsTheMasterThroughASentinel() throws Exception {
        redis.withSentinel();
        store = new RedisStore(new RedisSettings(redis.sentinelUri(), false, Optional.empty(), Optional.empty(),
                Duration.ofSeconds(2), Duration.ofSeconds(1), "postern:"));
        store.start();
        assertThat(store.connected()).isTrue();
        assertThat(await(count("k"))).isEqualTo(1L);
        assertThat(redis.command("GET", "postern:k")).as("written to the master the sentinel named").isEqualTo("1");
    }

    @Test
    void runsTheSameScriptsOnARedisCluster() throws Exception {
        redis.close();
        redis = RedisFixture.startCluster(dir.resolve("redis-cluster"));
        store = new RedisStore(new RedisSettings(redis.uri(), true, Optional.empty(), Optional.empty(),
                Duration.ofSeconds(2), Duration.ofSeconds(1), "postern:"));
        store.start();
        assertThat(store.connected()).isTrue();
        assertThat(await(count("k"))).isEqualTo(1L);
        assertThat(await(count("k"))).isEqualTo(2L);
        // Keys of one hash tag in one script, as the connection limits use them.
        assertThat(await(store.eval(new SharedScript("two-keys", "redis.call('SET', KEYS[1], ARGV[1]) "
                + "redis.call('SET', KEYS[2], ARGV[1]) return {redis.call('GET', KEYS[2])}"),
                List.of("limits:{bob}:user", "limits:{bob}:ip:192.0.2.7"), List.of("x")))).containsExactly("x");
        CompletableFuture<String> heard = new CompletableFuture<>();
        store.subscribe("kick", heard::complete);
        awaitTrue(() -> subscribers(redis, "postern:kick") == 1);
        await(store.publish("kick", "bob"));
        assertThat(await(heard)).isEqualTo("bob");
        assertThat(store.fallbacks()).isEmpty();
    }

    @Test
    void publishesToTheSubscribersOfEveryInstance() throws Exception {
        store = store(Duration.ofSeconds(2));
        RedisStore other = store(Duration.ofSeconds(2));
        try {
            CompletableFuture<String> here = new CompletableFuture<>();
            CompletableFuture<String> there = new CompletableFuture<>();
            store.subscribe("kick", here::complete);
            other.subscribe("kick", there::complete); // before start: subscribed once connected
            store.start();
            other.start();
            awaitTrue(() -> subscribers(redis, "postern:kick") == 2);
            await(other.publish("kick", "bob"));
            assertThat(await(here)).isEqualTo("bob");
            assertThat(await(there)).isEqualTo("bob");
        } finally {
            other.close();
        }
    }

    /** The subscriber count of {@code channel}: PUBSUB NUMSUB answers *2, $n, the channel, :count. */
    private static long subscribers(RedisFixture redis, String channel) {
        try {
            return Long.parseLong(redis.commandLines("PUBSUB", "NUMSUB", channel).get(3).substring(1));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
