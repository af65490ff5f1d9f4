package io.postern.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The top-level settings, read before modules are loaded.
 *
 * @param eventLoopThreads event-loop threads; 0 means auto (Netty's choice)
 * @param modulesDir the directory of module jars, absolute
 * @param pidFile the pid file, absolute
 * @param shutdownTimeout how long a graceful stop waits for sessions
 * @param phaseOrder handler names per phase (every key of {@link #PHASES}), in that order
 * @param limitConnTotal {@code limit_conn_total}: client connections open at once in the whole
 *     process; 0 means auto (as many as the open-files limit allows)
 */
public record ProcessSettings(int eventLoopThreads, Path modulesDir, Path pidFile, Duration shutdownTimeout,
        Map<String, List<String>> phaseOrder, int limitConnTotal) {

    /**
     * The phases a {@code phases} block may order: the module loader's phases, by the same keys
     * (a test holds the two lists equal).
     */
    public static final List<String> PHASES = List.of("auth", "upstream", "log", "imap_filter", "pop3_filter",
            "smtp_filter");

    public ProcessSettings {
        Objects.requireNonNull(modulesDir, "modulesDir");
        Objects.requireNonNull(pidFile, "pidFile");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        if (eventLoopThreads < 0) {
            throw new IllegalArgumentException("eventLoopThreads: " + eventLoopThreads + " (expected: >= 0)");
        }
        if (limitConnTotal < 0) {
            throw new IllegalArgumentException("limitConnTotal: " + limitConnTotal + " (expected: >= 0)");
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        phaseOrder.forEach((phase, names) -> copy.put(phase, List.copyOf(names)));
        phaseOrder = Collections.unmodifiableMap(copy);
    }
}
