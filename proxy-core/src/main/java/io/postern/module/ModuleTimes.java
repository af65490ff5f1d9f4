package io.postern.module;

import io.postern.spi.ModuleTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The time each module's code has taken on the event loops, since the process started: one
 * {@link Account} per module name, found once when a handler is registered (or a filter opened),
 * so a call only adds to it.
 */
public final class ModuleTimes {

    private static final Map<String, Account> ACCOUNTS = new ConcurrentHashMap<>();

    private ModuleTimes() {
    }

    /** The account of {@code module}, created on first use. */
    public static Account of(String module) {
        Objects.requireNonNull(module, "module");
        return ACCOUNTS.computeIfAbsent(module, Account::new);
    }

    /** Every module's total so far, by module name; what the metrics read. */
    public static List<ModuleTime> snapshot() {
        List<ModuleTime> out = new ArrayList<>();
        ACCOUNTS.values().forEach(a -> out.add(new ModuleTime(a.module, a.calls.sum(), a.nanos.sum())));
        out.sort((a, b) -> a.module().compareTo(b.module()));
        return out;
    }

    /** One module's calls and time, added to by the event loops, read by metrics scrapes. */
    public static final class Account {
        private final String module;
        private final LongAdder calls = new LongAdder();
        private final LongAdder nanos = new LongAdder();

        private Account(String module) {
            this.module = module;
        }

        void add(long elapsedNanos) {
            calls.increment();
            nanos.add(elapsedNanos);
        }

        /** The module's total time in nanoseconds. */
        public long nanos() {
            return nanos.sum();
        }

        /** The module's calls so far. */
        public long calls() {
            return calls.sum();
        }
    }
}
