package io.postern.auth.throttle;

import io.postern.auth.AuthFeature;
import io.postern.spi.Directive;
import io.postern.spi.ModuleContext;
import io.postern.spi.ServerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The throttle feature: the {@code auth_throttle*} directives, the {@code throttle}
 * authenticator (first in the AUTH phase) and the {@code throttle} listener. Servers whose
 * settings give the same window, lockout and size share one store, so an attacker cannot
 * double the attempts by trying IMAP and POP3 in turn.
 */
public final class ThrottleFeature implements AuthFeature {

    private volatile ScheduledThreadPoolExecutor scheduler;
    private boolean active;

    @Override
    public List<Directive> directives() {
        return ThrottleSettings.directives();
    }

    @Override
    public void configure(ModuleContext context) {
        Map<String, Throttle.Policy> byServer = new HashMap<>();
        Map<List<Object>, ThrottleStore> stores = new HashMap<>();
        for (ServerConfig server : context.servers()) {
            ThrottleSettings settings = ThrottleSettings.read(server);
            if (!settings.enabled()) {
                continue;
            }
            ThrottleStore store = stores.computeIfAbsent(
                    List.of(settings.window(), settings.lockout(), settings.maxEntries()),
                    k -> new InMemoryThrottleStore(settings.window(), settings.lockout(), settings.maxEntries()));
            byServer.put(server.name(), new Throttle.Policy(settings, store));
        }
        if (byServer.isEmpty()) {
            return;
        }
        active = true;
        Throttle throttle = new Throttle(byServer, Clock.systemUTC(), this::schedule);
        context.addAuthenticator("throttle", throttle);
        context.addSessionListener("throttle", throttle);
    }

    @Override
    public void start() {
        if (!active) {
            return;
        }
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "postern-auth-throttle");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        scheduler = executor;
    }

    /** Delays on the module's scheduler; never a sleep on the event loop. */
    private void schedule(Runnable task, Duration delay) {
        ScheduledThreadPoolExecutor executor = scheduler;
        if (executor == null) {
            task.run(); // not started (only possible in tests that skip start): answer at once
            return;
        }
        try {
            executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            task.run(); // shutting down: nobody waits for a delay now
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
