package io.postern.balance;

import io.postern.config.UpstreamPool;
import io.postern.spi.SharedScript;
import io.postern.spi.SharedStore;
import io.postern.spi.UpstreamAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The order in which a session tries a {@code proxy_pass} pool's servers: round robin, or, with
 * {@code hash = "$login consistent"}, the login's place on the pool's {@link ConsistentHash}
 * ring; with {@code affinity_time} as well, the server the user's sessions went to last, as
 * remembered in {@code mail.redis}, as long as it is still in the pool (Dovecot director's idea:
 * a user's concurrent and recent sessions share one backend, even while the pool changes).
 */
public final class PoolBalancer {

    /** The feature name of the metric and the log lines. */
    static final String FEATURE = "affinity";

    /**
     * KEYS: the user's affinity key. ARGV: the ring's choice, the time to remember (ms), then the
     * pool's servers. The remembered server while it is in the pool (its time renewed), else the
     * ring's choice, remembered from now.
     */
    static final SharedScript REMEMBER = new SharedScript("affinity-remember", """
            local current = redis.call('GET', KEYS[1])
            if current then
              for i = 3, #ARGV do
                if ARGV[i] == current then
                  redis.call('PEXPIRE', KEYS[1], ARGV[2])
                  return {current}
                end
              end
            end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return {ARGV[1]}
            """);

    private final Map<String, AtomicInteger> roundRobin = new ConcurrentHashMap<>();
    private final Map<String, ConsistentHash> rings = new HashMap<>();
    private final Optional<SharedStore> store;

    public PoolBalancer(Map<String, UpstreamPool> pools, Optional<SharedStore> store) {
        this.store = Objects.requireNonNull(store, "store");
        pools.values().stream().filter(UpstreamPool::hashLogin)
                .forEach(pool -> rings.put(pool.name(), new ConsistentHash(pool.servers())));
    }

    /** {@code pool}'s servers in the order a session of {@code login} tries them. */
    public CompletionStage<List<UpstreamAddress>> order(UpstreamPool pool, String login) {
        ConsistentHash ring = rings.get(pool.name());
        if (ring == null) {
            return CompletableFuture.completedFuture(rotated(pool));
        }
        String user = login.toLowerCase(Locale.ROOT); // as the connection limits count it
        List<UpstreamAddress> order = ring.order(user);
        if (pool.affinityTime().isEmpty() || store.isEmpty()) {
            return CompletableFuture.completedFuture(order);
        }
        SharedStore shared = store.get();
        List<String> args = new ArrayList<>();
        args.add(order.get(0).toString());
        args.add(Long.toString(pool.affinityTime().get().toMillis()));
        pool.servers().forEach(s -> args.add(s.toString()));
        return shared.sharedOrLocal(FEATURE, () -> shared.eval(REMEMBER, List.of("affinity:" + pool.name() + ":" + user),
                args).thenApply(answer -> first(order, (String) answer.get(0))), () -> order);
    }

    private List<UpstreamAddress> rotated(UpstreamPool pool) {
        List<UpstreamAddress> servers = pool.servers();
        int start = Math.floorMod(roundRobin.computeIfAbsent(pool.name(), n -> new AtomicInteger())
                .getAndIncrement(), servers.size());
        List<UpstreamAddress> rotated = new ArrayList<>(servers.subList(start, servers.size()));
        rotated.addAll(servers.subList(0, start));
        return rotated;
    }

    /** {@code order} with the server written {@code remembered} first. */
    private static List<UpstreamAddress> first(List<UpstreamAddress> order, String remembered) {
        List<UpstreamAddress> out = new ArrayList<>(order.size());
        order.stream().filter(s -> s.toString().equals(remembered)).forEach(out::add);
        order.stream().filter(s -> !s.toString().equals(remembered)).forEach(out::add);
        return out;
    }
}
