package io.postern.log.session;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The post-login commands of each filtered session, for the access log's {@code $commands}:
 * the module's filter {@linkplain #begin begins} a session's count when it opens and counts
 * each command, and {@link SessionTracker} {@linkplain #end ends} it when the session closes.
 * A session's calls all come from its event loop, so a count needs no atomics; the map is
 * concurrent because sessions live on several loops.
 */
public final class CommandTally {

    private final Map<String, long[]> counts = new ConcurrentHashMap<>();

    /** Starts counting the commands of session {@code id}. */
    public void begin(String id) {
        counts.put(id, new long[1]);
    }

    /** One more command of session {@code id}; nothing when its count was not begun. */
    public void count(String id) {
        long[] count = counts.get(id);
        if (count != null) {
            count[0]++;
        }
    }

    /** Forgets session {@code id} and returns its count; empty when it was not counted. */
    public OptionalLong end(String id) {
        long[] count = counts.remove(id);
        return count == null ? OptionalLong.empty() : OptionalLong.of(count[0]);
    }

    /** Sessions being counted now (for tests: every close must end its count). */
    int size() {
        return counts.size();
    }
}
