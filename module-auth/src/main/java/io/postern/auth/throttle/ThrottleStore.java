package io.postern.auth.throttle;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where failed-login counters live: in memory by default ({@link InMemoryThrottleStore}), or in
 * the Redis several Postern instances share ({@link RedisThrottleStore}, {@code
 * auth_throttle_store = redis}), one hash per key (the keys are plain strings, see
 * {@code ThrottleKeys}). Implementations are called on event loops and must not block: the
 * answers are stages, already complete for the in-memory store.
 */
public interface ThrottleStore {

    /** How many recent attempt fingerprints a key remembers, at most. */
    int REMEMBERED_ATTEMPTS = 8;

    /**
     * Records one failure of {@code key} at {@code now}. A counter whose last failure is a
     * whole window old starts again at 1. When {@code attempt} (a fingerprint of the login and
     * password, empty when there is none) is one of the last {@link #REMEMBERED_ATTEMPTS}
     * recorded for the key within the window, the failure only moves {@code last}, as Dovecot's
     * auth penalty does: a client repeating the same wrong password (a phone with a stale one)
     * counts once, and a guesser gains nothing by repeating a guess. In Redis: a Lua script over a
     * hash holding the count, the time and the recent fingerprints, with {@code PEXPIRE}.
     *
     * @return the counter after this failure
     */
    CompletionStage<Failures> increment(String key, String attempt, Instant now);

    /** Records a failure that has no fingerprint: it always counts. */
    default CompletionStage<Failures> increment(String key, Instant now) {
        return increment(key, "", now);
    }

    /** The counter of {@code key}, or empty when it has none that still matters at {@code now}. */
    CompletionStage<Optional<Failures>> get(String key, Instant now);

    /** Forgets {@code key}'s failures (a successful login). */
    CompletionStage<Void> reset(String key);

    /**
     * A key's failures.
     *
     * @param count failures within the window of one another
     * @param last when the latest one happened
     */
    record Failures(long count, Instant last) {
    }
}
