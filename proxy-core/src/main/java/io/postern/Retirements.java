package io.postern;

import io.postern.module.ModuleReload;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The modules' {@link ModuleReload#retire} of each reload, run once the sessions of the
 * configuration it replaced have ended, on a thread of its own (the last session closes on an
 * event loop, and module code may block), or at shutdown for those still waiting.
 */
final class Retirements {

    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "postern-reload-retire");
        t.setDaemon(true);
        return t;
    });
    private final List<Runnable> pending = new ArrayList<>();

    /** Retires {@code reloads} when {@code drained} completes. */
    synchronized void add(CompletableFuture<Void> drained, List<ModuleReload> reloads) {
        AtomicBoolean done = new AtomicBoolean();
        Runnable[] retire = new Runnable[1];
        retire[0] = () -> {
            if (done.compareAndSet(false, true)) {
                reloads.forEach(ModuleReload::retire);
                forget(retire[0]);
            }
        };
        pending.add(retire[0]);
        try {
            drained.thenRunAsync(retire[0], thread);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping: retireAll() runs it
        }
    }

    private synchronized void forget(Runnable retire) {
        pending.remove(retire);
    }

    /** Runs every retirement not run yet, in reload order, and stops the thread. */
    void retireAll() {
        List<Runnable> all;
        synchronized (this) {
            all = List.copyOf(pending);
            pending.clear();
        }
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        all.forEach(Runnable::run);
    }
}
