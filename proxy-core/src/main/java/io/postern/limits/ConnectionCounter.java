package io.postern.limits;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Open connections per key, shared by every event loop. A key has an entry only while its count
 * is above zero, so the table never holds more entries than there are open connections. Each
 * change is one atomic {@link ConcurrentHashMap#compute} on the key's own bin: two event loops
 * never wait on each other unless their keys share a bin.
 */
final class ConnectionCounter<K> {

    private final ConcurrentHashMap<K, Integer> counts = new ConcurrentHashMap<>();

    /** Counts one more connection for {@code key} unless it already has {@code limit}; whether it did. */
    boolean tryAcquire(K key, int limit) {
        boolean[] acquired = {false};
        counts.compute(key, (k, count) -> {
            int now = count == null ? 0 : count;
            if (now >= limit) {
                return count;
            }
            acquired[0] = true;
            return now + 1;
        });
        return acquired[0];
    }

    /** Counts one connection of {@code key} less; the entry goes at zero. */
    void release(K key) {
        counts.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
    }

    int count(K key) {
        Integer count = counts.get(key);
        return count == null ? 0 : count;
    }

    /** Keys with at least one open connection. */
    int size() {
        return counts.size();
    }
}
