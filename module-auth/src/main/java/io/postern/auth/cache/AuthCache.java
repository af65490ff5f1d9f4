package io.postern.auth.cache;

import io.postern.spi.AuthDecision;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A size-limited LRU of decisions that expire. Each call holds the lock for one map operation,
 * so event loops never wait long.
 */
final class AuthCache {

    private record Entry(AuthDecision decision, Instant expires) {
    }

    private final int maxEntries;
    private final Map<CacheKey, Entry> entries;

    AuthCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries: " + maxEntries + " (expected: >= 1)");
        }
        this.maxEntries = maxEntries;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<CacheKey, Entry> eldest) {
                return size() > AuthCache.this.maxEntries;
            }
        };
    }

    synchronized Optional<AuthDecision> get(CacheKey key, Instant now) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!entry.expires().isAfter(now)) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(entry.decision());
    }

    synchronized void put(CacheKey key, AuthDecision decision, Instant expires) {
        entries.put(key, new Entry(decision, expires));
    }

    synchronized int size() {
        return entries.size();
    }
}
