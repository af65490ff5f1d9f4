package io.postern.spi;

import java.util.Objects;

/**
 * The time one module's code has taken on the event loops since Postern started: every call
 * into its authenticators, upstream selectors, session listeners, filter factories and filters
 * there. Time on the event loops is time no other session on them is served. Added in SPI 1.4,
 * for metrics.
 *
 * @param module the module's name
 * @param calls the calls so far
 * @param nanos their total duration, in nanoseconds
 */
public record ModuleTime(String module, long calls, long nanos) {
    public ModuleTime {
        Objects.requireNonNull(module, "module");
    }
}
