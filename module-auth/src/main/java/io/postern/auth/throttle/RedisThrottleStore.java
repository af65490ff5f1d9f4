package io.postern.auth.throttle;

import io.postern.spi.SharedScript;
import io.postern.spi.SharedStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Failed-login counters in the Redis that several Postern instances share, so that an attacker
 * spreading attempts over the instances meets the limits one instance enforces. One hash per key
 * ({@code throttle:<key>}: count, last failure, recent fingerprints), changed by Lua scripts so
 * that two instances never interleave inside one read-modify-write, and expiring with the
 * retention ({@code PEXPIRE}), so Redis forgets what the in-memory store forgets.
 *
 * <p>When Redis is down or slower than {@code mail.redis.timeout}, each call falls back to this
 * instance's {@link InMemoryThrottleStore}: logins go on, each instance counting alone until
 * Redis answers again. Fingerprints of attempts are keyed hashes whose key never leaves the
 * process, so nothing in Redis helps guess a password; the price is that one client repeating one
 * wrong password through several instances counts once per instance rather than once.
 */
final class RedisThrottleStore implements ThrottleStore {

    /** The feature name of the metric and the log lines. */
    static final String FEATURE = "throttle";

    /** ARGV: now (ms), window (ms), retention (ms), fingerprint or "", how many fingerprints to keep. */
    static final SharedScript INCREMENT = new SharedScript("throttle-increment", """
            local now, window, retention = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
            local attempt, remembered = ARGV[4], tonumber(ARGV[5])
            local state = redis.call('HMGET', KEYS[1], 'count', 'last', 'attempts')
            local count, last, attempts = tonumber(state[1]) or 0, tonumber(state[2]) or 0, state[3] or ''
            if count == 0 or last + window <= now then
              count, attempts = 0, ''
            end
            local list, repeated = {}, false
            for a in string.gmatch(attempts, '[^,]+') do
              list[#list + 1] = a
              if a == attempt then repeated = true end
            end
            if not repeated then
              count = count + 1
              if attempt ~= '' then
                list[#list + 1] = attempt
                while #list > remembered do table.remove(list, 1) end
              end
            end
            redis.call('HSET', KEYS[1], 'count', count, 'last', now, 'attempts', table.concat(list, ','))
            redis.call('PEXPIRE', KEYS[1], retention)
            return {count, now}
            """);

    /** ARGV: now (ms), retention (ms). An empty table when the key has no counter that matters. */
    static final SharedScript GET = new SharedScript("throttle-get", """
            local state = redis.call('HMGET', KEYS[1], 'count', 'last')
            local count, last = tonumber(state[1]), tonumber(state[2])
            if not count or not last or last + tonumber(ARGV[2]) <= tonumber(ARGV[1]) then return {} end
            return {count, last}
            """);

    static final SharedScript RESET = new SharedScript("throttle-reset", """
            redis.call('DEL', KEYS[1])
            return {}
            """);

    private final SharedStore shared;
    private final InMemoryThrottleStore local;
    private final Duration window;
    private final Duration retention;

    RedisThrottleStore(SharedStore shared, InMemoryThrottleStore local, Duration window, Duration lockout) {
        this.shared = Objects.requireNonNull(shared, "shared");
        this.local = Objects.requireNonNull(local, "local");
        this.window = Objects.requireNonNull(window, "window");
        this.retention = lockout.compareTo(window) > 0 ? lockout : window;
    }

    private static String key(String key) {
        return "throttle:" + key;
    }

    @Override
    public CompletionStage<Failures> increment(String key, String attempt, Instant now) {
        return shared.sharedOrLocal(FEATURE, () -> shared.eval(INCREMENT, List.of(key(key)), List.of(
                        Long.toString(now.toEpochMilli()), Long.toString(window.toMillis()),
                        Long.toString(retention.toMillis()), attempt, Integer.toString(REMEMBERED_ATTEMPTS)))
                .thenApply(RedisThrottleStore::failures),
                () -> local.incrementNow(key, attempt, now));
    }

    @Override
    public CompletionStage<Optional<Failures>> get(String key, Instant now) {
        return shared.sharedOrLocal(FEATURE, () -> shared.eval(GET, List.of(key(key)),
                        List.of(Long.toString(now.toEpochMilli()), Long.toString(retention.toMillis())))
                .thenApply(r -> r.isEmpty() ? Optional.<Failures>empty() : Optional.of(failures(r))),
                () -> local.getNow(key, now));
    }

    @Override
    public CompletionStage<Void> reset(String key) {
        return shared.sharedOrLocal(FEATURE, () -> shared.eval(RESET, List.of(key(key)), List.of())
                .thenApply(r -> (Void) null), () -> {
                    local.resetNow(key);
                    return null;
                });
    }

    private static Failures failures(List<Object> reply) {
        return new Failures((Long) reply.get(0), Instant.ofEpochMilli((Long) reply.get(1)));
    }
}
