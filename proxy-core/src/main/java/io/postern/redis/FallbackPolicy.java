package io.postern.redis;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a feature does when Redis fails it: counts the fallback (the metric
 * {@code postern_redis_fallback_total{feature}}), warns at most once per {@link #WARNING_INTERVAL}
 * per feature (a Redis outage under load would otherwise write a line per login), and says so
 * once when the feature's first call after a fallback is answered by Redis again.
 */
final class FallbackPolicy {

    /** The shortest time between two warnings of one feature. */
    static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger("io.postern.redis");

    private final Map<String, Feature> features = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    FallbackPolicy(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** One fallback of {@code feature} because of {@code cause} (a message, never a value sent to Redis). */
    void fellBack(String feature, String cause) {
        Feature state = features.computeIfAbsent(feature, f -> new Feature());
        state.total.increment();
        state.sinceWarning.incrementAndGet();
        state.fallingBack.set(true);
        long now = nanoClock.getAsLong();
        long last = state.lastWarning.get();
        if (last != Long.MIN_VALUE && now - last < WARNING_INTERVAL.toNanos()) {
            return;
        }
        if (state.lastWarning.compareAndSet(last, now)) {
            log.warn("redis: {} falls back to this instance's own state ({} time(s) since the last warning): {}",
                    feature, state.sinceWarning.getAndSet(0), cause);
        }
    }

    /** Redis answered a call of {@code feature}. */
    void answered(String feature) {
        Feature state = features.get(feature);
        if (state != null && state.fallingBack.compareAndSet(true, false)) {
            log.info("redis: {} shares its state through Redis again", feature);
        }
    }

    /** Fallbacks so far, by feature, in name order. */
    Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        features.forEach((name, state) -> out.put(name, state.total.sum()));
        return out;
    }

    private static final class Feature {
        final LongAdder total = new LongAdder();
        final AtomicLong sinceWarning = new AtomicLong();
        final AtomicLong lastWarning = new AtomicLong(Long.MIN_VALUE);
        final AtomicBoolean fallingBack = new AtomicBoolean();
    }
}
