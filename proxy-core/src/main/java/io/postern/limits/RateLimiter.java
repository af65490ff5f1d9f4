package io.postern.limits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * New connections per key, as token buckets: a key starts with {@code burst} tokens, each new
 * connection takes one, and tokens come back at the rate up to {@code burst}. A bucket that has
 * filled up again says nothing a missing one would not, so it may be dropped: when the table
 * reaches its capacity, full buckets are swept out (at most once a second). If it is still full
 * after that, a key without a bucket is let in unmetered rather than refused: an address spray
 * must not lock out clients it has never seen (the per-address and process-wide concurrent
 * limits still apply to them).
 */
final class RateLimiter {

    private static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;

    /** Guarded by the map's lock on its bin: only changed inside {@code compute}. */
    private static final class Bucket {
        double tokens;
        long stamp;
        double perSecond;
        int burst;

        void refill(long now) {
            tokens = Math.min(burst, tokens + (now - stamp) / 1e9 * perSecond);
            stamp = now;
        }
    }

    private final int capacity;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep;
    private final AtomicLong unmetered = new AtomicLong();

    /**
     * @param capacity the most keys tracked at once
     * @param now the clock's time now (nanoseconds): the first sweep may run at once
     */
    RateLimiter(int capacity, long now) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 1)");
        }
        this.capacity = capacity;
        this.nextSweep = new AtomicLong(now);
    }

    /** Takes a token of {@code key}'s bucket at time {@code now} (nanoseconds); false when it has none. */
    boolean tryAcquire(String key, ConnectionRate rate, int burst, long now) {
        if (buckets.size() >= capacity && !buckets.containsKey(key)) {
            sweep(now);
            if (buckets.size() >= capacity) {
                unmetered.incrementAndGet();
                return true;
            }
        }
        boolean[] acquired = {false};
        buckets.compute(key, (k, bucket) -> {
            if (bucket == null) {
                bucket = new Bucket();
                bucket.tokens = burst;
                bucket.stamp = now;
            }
            bucket.perSecond = rate.perSecond();
            bucket.burst = burst;
            bucket.refill(now);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                acquired[0] = true;
            }
            return bucket;
        });
        return acquired[0];
    }

    private void sweep(long now) {
        long due = nextSweep.get();
        if (now - due < 0 || !nextSweep.compareAndSet(due, now + SWEEP_INTERVAL_NANOS)) {
            return;
        }
        for (String key : buckets.keySet()) {
            buckets.computeIfPresent(key, (k, bucket) -> {
                bucket.refill(now);
                return bucket.tokens >= bucket.burst ? null : bucket;
            });
        }
    }

    /** Keys tracked now. */
    int size() {
        return buckets.size();
    }

    /** Connections let in without a bucket because the table was full. */
    long unmetered() {
        return unmetered.get();
    }
}
