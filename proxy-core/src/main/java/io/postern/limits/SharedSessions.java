package io.postern.limits;

import io.postern.spi.Refusal;
import io.postern.spi.SharedScript;
import io.postern.spi.SharedStore;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * {@code limit_conn_per_user}, {@code limit_conn_per_userip} and {@code limit_conn_per_ip} counted
 * over every instance that shares {@code mail.redis} ({@code limit_conn_store = redis}). A session holds a lease: its id
 * in a sorted set per login (and one per login and address), scored by when the lease expires.
 * The owning instance renews its leases every {@link #RENEW_EVERY} while the sessions live and
 * removes them when they end; expired entries are dropped by the same script that counts, so an
 * instance that dies without cleaning up stops counting after {@link #LEASE} at most. Keys of one
 * login share a hash tag, so one script touches one Redis Cluster slot.
 *
 * <p>The instance also counts its own sessions ({@link ConnectionLimits}), without limits while
 * Redis answers, so that when Redis fails it falls back to its own counts at once.
 */
public final class SharedSessions {

    /** How long a lease lives without renewal: what an instance that died holds at most. */
    public static final Duration LEASE = Duration.ofSeconds(30);

    /** How often the owner renews: three times per lease, so one lost renewal loses nothing. */
    public static final Duration RENEW_EVERY = Duration.ofSeconds(10);

    /** The feature name of the metric and the log lines. */
    static final String FEATURE = "limits";

    /**
     * KEYS: the login's set, then (unless exempt) the login-and-address set. ARGV: now (ms), the
     * lease's expiry (ms), the member, limit_conn_per_user, limit_conn_per_userip (0: none), the
     * lease (ms). Answers {0} when admitted, {1} when the login is full, {2} when the address is.
     */
    static final SharedScript ACQUIRE = new SharedScript("limits-acquire", """
            local now = tonumber(ARGV[1])
            for _, key in ipairs(KEYS) do redis.call('ZREMRANGEBYSCORE', key, '-inf', now) end
            local perUser, perUserIp = tonumber(ARGV[4]), tonumber(ARGV[5])
            if KEYS[2] and perUserIp > 0 and redis.call('ZCARD', KEYS[2]) >= perUserIp then return {2} end
            if perUser > 0 and redis.call('ZCARD', KEYS[1]) >= perUser then return {1} end
            for _, key in ipairs(KEYS) do
              redis.call('ZADD', key, ARGV[2], ARGV[3])
              redis.call('PEXPIRE', key, ARGV[6])
            end
            return {0}
            """);

    /** KEYS: the lease's sets. ARGV: the new expiry (ms), the member, the lease (ms). Re-adds a lost one. */
    static final SharedScript RENEW = new SharedScript("limits-renew", """
            for _, key in ipairs(KEYS) do
              redis.call('ZADD', key, ARGV[1], ARGV[2])
              redis.call('PEXPIRE', key, ARGV[3])
            end
            return {}
            """);

    /** KEYS: the lease's sets. ARGV: the member. */
    static final SharedScript RELEASE = new SharedScript("limits-release", """
            for _, key in ipairs(KEYS) do redis.call('ZREM', key, ARGV[1]) end
            return {}
            """);

    private final SharedStore store;
    private final String instance;
    private final LongSupplier clock;
    private final Set<Held> held = ConcurrentHashMap.newKeySet();

    /**
     * @param instance this instance's name, unique among those sharing the Redis
     * @param clock milliseconds since the epoch; the instances' clocks must agree to within a few seconds
     */
    public SharedSessions(SharedStore store, String instance, LongSupplier clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.instance = Objects.requireNonNull(instance, "instance");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Admits a session of {@code login} (lower case) from {@code address} (its key) when every
     * instance together holds fewer than the limits, or, when Redis fails, as {@code local} decides.
     *
     * @param sessionId the session's id, unique in this instance
     * @param exempt whether the client is in {@code limit_conn_exempt} (no per-address count)
     * @param counted this instance's own count of the session, taken without limits; given back
     *     when refused
     * @param local this instance's decision alone, for the fallback
     */
    CompletionStage<Admission> admit(String login, String address, boolean exempt, LimitSettings limits,
                                     String sessionId, Supplier<Admission> counted, Supplier<Admission> local) {
        List<String> keys = exempt ? List.of(userKey(login)) : List.of(userKey(login), userIpKey(login, address));
        String member = instance + " " + sessionId;
        return store.sharedOrLocal(FEATURE, () -> {
            long now = clock.getAsLong();
            return store.eval(ACQUIRE, keys, List.of(Long.toString(now), Long.toString(now + LEASE.toMillis()), member,
                    Integer.toString(limits.perUser()), Integer.toString(exempt ? 0 : limits.perUserIp()),
                    Long.toString(LEASE.toMillis()))).thenApply(answer -> switch (((Long) answer.get(0)).intValue()) {
                        case 0 -> admitted(keys, member, counted.get());
                        case 1 -> new Admission.Refused(Refusal.CONNECTIONS_PER_USER);
                        default -> new Admission.Refused(Refusal.CONNECTIONS_PER_USERIP);
                    });
        }, local);
    }

    /**
     * Admits a connection from {@code address} (its key) while every instance together holds fewer
     * than {@code perIp} ({@code limit_conn_per_ip}), or, when Redis fails, as {@code local} decides.
     *
     * @param counted this instance's own count of the connection, already taken (without the
     *     per-address limit); given back when refused
     */
    CompletionStage<Admission> admitAddress(String address, int perIp, String sessionId, Admission.Admitted counted,
                                            Supplier<Admission> local) {
        List<String> keys = List.of("limits:ip:" + address);
        String member = instance + " " + sessionId;
        return store.sharedOrLocal(FEATURE, () -> {
            long now = clock.getAsLong();
            return store.eval(ACQUIRE, keys, List.of(Long.toString(now), Long.toString(now + LEASE.toMillis()), member,
                    Integer.toString(perIp), "0", Long.toString(LEASE.toMillis()))).thenApply(answer -> {
                        if (((Long) answer.get(0)) == 0) {
                            return admitted(keys, member, counted);
                        }
                        counted.lease().close();
                        return new Admission.Refused(Refusal.CONNECTIONS_PER_IP);
                    });
        }, local);
    }

    private Admission admitted(List<String> keys, String member, Admission counted) {
        Lease own = ((Admission.Admitted) counted).lease();
        Held lease = new Held(keys, member);
        held.add(lease);
        return new Admission.Admitted(new Lease(() -> {
            own.close();
            held.remove(lease);
            // Best effort: a release Redis does not take expires with the lease.
            store.eval(RELEASE, keys, List.of(member));
        }));
    }

    /** Renews every lease this instance holds; called every {@link #RENEW_EVERY}. */
    public void renew() {
        long expiry = clock.getAsLong() + LEASE.toMillis();
        for (Held lease : held) {
            store.eval(RENEW, lease.keys(), List.of(Long.toString(expiry), lease.member(), Long.toString(LEASE.toMillis())));
        }
    }

    /** Leases held now by this instance. */
    public int held() {
        return held.size();
    }

    private static String userKey(String login) {
        return "limits:{" + login + "}:user";
    }

    private static String userIpKey(String login, String address) {
        return "limits:{" + login + "}:ip:" + address;
    }

    /** A lease this instance holds: the sets it is in and its member. */
    private record Held(List<String> keys, String member) {
    }
}
