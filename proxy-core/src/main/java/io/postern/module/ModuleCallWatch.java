package io.postern.module;

import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each event loop is doing in module code right now: the handler it called and since
 * when. {@link Named#enter()} and {@link Named#leave} write it (a {@code System.nanoTime()} and
 * two volatile writes on the way in, one and an add on the way out); the
 * {@link ModuleCallWatchdog} reads it from its own thread, and the time goes to the module's
 * {@link ModuleTimes.Account}. Only event loops (Netty's {@link FastThreadLocalThread}s) are
 * watched: they are the threads a module must never hold up.
 */
final class ModuleCallWatch {

    /** One event loop's call in progress. */
    static final class Slot {
        final Thread thread;
        volatile Named<?> handler;
        /** When the call started ({@code System.nanoTime()}), or 0 between calls. */
        volatile long startNanos;
        /** The start of the last call the watchdog warned about, so one call is named once. */
        long warnedStart;
        /** Calls into module code in progress on this thread (a module's code may call another's). */
        int depth;

        Slot(Thread thread) {
            this.thread = thread;
        }
    }

    static final Set<Slot> SLOTS = ConcurrentHashMap.newKeySet();

    private static final FastThreadLocal<Slot> SLOT = new FastThreadLocal<>() {
        @Override
        protected Slot initialValue() {
            Slot slot = new Slot(Thread.currentThread());
            SLOTS.add(slot);
            return slot;
        }

        @Override
        protected void onRemoval(Slot slot) {
            SLOTS.remove(slot); // the event loop ended
        }
    };

    private ModuleCallWatch() {
    }

    static void entered(Thread thread, Named<?> handler) {
        if (!(thread instanceof FastThreadLocalThread)) {
            return;
        }
        Slot slot = SLOT.get();
        if (slot.depth++ > 0) {
            return; // a call inside a call: the outer one is being timed
        }
        slot.handler = handler;
        long now = System.nanoTime();
        slot.startNanos = now == 0 ? 1 : now;
    }

    static void left(Thread thread) {
        if (!(thread instanceof FastThreadLocalThread)) {
            return;
        }
        Slot slot = SLOT.get();
        if (slot.depth == 0 || --slot.depth > 0) {
            return;
        }
        long start = slot.startNanos;
        long elapsed = System.nanoTime() - start;
        slot.startNanos = 0;
        slot.handler.account().add(elapsed);
    }
}
