package io.postern.log.metrics;

import io.postern.spi.WireText;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps a label's values to a bounded set: the first {@code limit} distinct values are used as
 * they are, every later one becomes {@code other}. Upstream addresses come from auth
 * decisions, so without a cap a misbehaving auth backend could make the metrics grow without
 * end. Lock-free; safe from any event loop.
 */
final class LabelCap {

    static final String OTHER = "other";

    private final int limit;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final AtomicInteger slots = new AtomicInteger();

    LabelCap(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: > 0)");
        }
        this.limit = limit;
    }

    /**
     * {@code value}, escaped with {@link WireText#escape} (it came from an auth server or a
     * module, not from Postern), while it is one of the first {@code limit} distinct values,
     * otherwise {@code other}.
     */
    String label(String raw) {
        String value = WireText.escape(raw);
        if (known.contains(value)) {
            return value;
        }
        if (slots.getAndIncrement() < limit) {
            known.add(value);
            return value;
        }
        slots.decrementAndGet();
        return OTHER;
    }
}
