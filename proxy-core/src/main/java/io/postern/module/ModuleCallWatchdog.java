package io.postern.module;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names the module code that holds up an event loop. One thread looks at every event loop's
 * call in progress ({@link ModuleCallWatch}) a few times per threshold; a call that has run
 * longer than {@code module_call_warn} is named in a warning with its module, its handler and
 * the event loop's stack captured then, which shows where the module is stuck (a blocking read,
 * a lock, a sleep). One warning per call, and at most one per handler a minute.
 */
public final class ModuleCallWatchdog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModuleCallWatchdog.class);
    private static final long REPEAT_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int MAX_FRAMES = 40;

    private final long thresholdNanos;
    private final Duration threshold;
    private final Thread thread;
    private final Map<String, Long> lastWarned = new HashMap<>();
    private final Map<String, Integer> suppressed = new HashMap<>();
    private volatile boolean closed;

    private ModuleCallWatchdog(Duration threshold) {
        this.threshold = threshold;
        this.thresholdNanos = threshold.toNanos();
        this.thread = new Thread(this::run, "postern-module-watchdog");
        this.thread.setDaemon(true);
    }

    /** Starts watching; {@link #close()} stops. */
    public static ModuleCallWatchdog start(Duration threshold) {
        Objects.requireNonNull(threshold, "threshold");
        if (threshold.isZero() || threshold.isNegative()) {
            throw new IllegalArgumentException("threshold: " + threshold + " (expected: > 0)");
        }
        ModuleCallWatchdog watchdog = new ModuleCallWatchdog(threshold);
        watchdog.thread.start();
        return watchdog;
    }

    private void run() {
        // A quarter of the threshold: a call is named at most a quarter late, and a watchdog
        // that wakes every few milliseconds costs nothing the event loops would notice.
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(5), Math.min(thresholdNanos / 4,
                TimeUnit.MILLISECONDS.toNanos(250)));
        while (!closed) {
            try {
                TimeUnit.NANOSECONDS.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
            check(System.nanoTime());
        }
    }

    /** Looks at every event loop once. */
    void check(long now) {
        for (ModuleCallWatch.Slot slot : ModuleCallWatch.SLOTS) {
            long start = slot.startNanos;
            if (start == 0 || start == slot.warnedStart || now - start < thresholdNanos) {
                continue;
            }
            Named<?> handler = slot.handler;
            StackTraceElement[] stack = slot.thread.getStackTrace();
            if (slot.startNanos != start) {
                continue; // the call ended while the stack was taken: it may show something else
            }
            slot.warnedStart = start;
            warn(handler, slot.thread.getName(), TimeUnit.NANOSECONDS.toMillis(now - start), stack, now);
        }
    }

    private void warn(Named<?> handler, String loop, long millis, StackTraceElement[] stack, long now) {
        String key = handler.module() + "/" + handler.name();
        Long last = lastWarned.get(key);
        if (last != null && now - last < REPEAT_NANOS) {
            suppressed.merge(key, 1, Integer::sum);
            return;
        }
        lastWarned.put(key, now);
        Integer since = suppressed.remove(key);
        StringBuilder frames = new StringBuilder();
        for (int i = 0; i < Math.min(stack.length, MAX_FRAMES); i++) {
            frames.append("\n\tat ").append(stack[i]);
        }
        if (stack.length > MAX_FRAMES) {
            frames.append("\n\t... ").append(stack.length - MAX_FRAMES).append(" more");
        }
        log.warn("module \"{}\" handler \"{}\" has been running for {} ms on event loop {}, holding up every session "
                        + "on it (module_call_warn {} ms){}; its stack:{}", handler.module(), handler.name(), millis, loop,
                threshold.toMillis(), since == null ? "" : "; " + since + " more such calls in the last minute",
                frames);
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
