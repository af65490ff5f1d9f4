package io.postern.auth.throttle;

import java.time.Instant;
import java.util.Optional;

/**
 * Where failed-login counters live. In memory by default ({@link InMemoryThrottleStore});
 * the interface is small so that several Postern instances can later share counters through
 * Redis ({@code INCR} and {@code PEXPIRE} on a key per client address or per login and network;
 * the keys are plain strings, see {@code ThrottleKeys}). Implementations are called on event
 * loops and must not block.
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
    Failures increment(String key, String attempt, Instant now);

    /** Records a failure that has no fingerprint: it always counts. */
    default Failures increment(String key, Instant now) {
        return increment(key, "", now);
    }

    /** The counter of {@code key}, or empty when it has none that still matters at {@code now}. */
    Optional<Failures> get(String key, Instant now);

    /** Forgets {@code key}'s failures (a successful login). */
    void reset(String key);

    /** How many keys have a counter; never more than the store's bound. */
    long size();

    /** How many counters were dropped to keep the bound. */
    long evictions();

    /**
     * A key's failures.
     *
     * @param count failures within the window of one another
     * @param last when the latest one happened
     */
    record Failures(long count, Instant last) {
    }
}
