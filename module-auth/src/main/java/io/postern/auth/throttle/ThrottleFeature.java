package io.postern.auth.throttle;

import io.postern.auth.AuthFeature;
import io.postern.spi.Directive;
import io.postern.spi.ModuleContext;
import io.postern.spi.Reconfiguration;
import io.postern.spi.ServerConfig;
import io.postern.spi.SharedStore;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The throttle feature: the {@code auth_throttle*} directives, the {@code throttle}
 * authenticator (first in the AUTH phase) and the {@code throttle} listener. Servers whose
 * settings give the same window, lockout, size and store share one store, so an attacker cannot
 * double the attempts by trying IMAP and POP3 in turn; with {@code auth_throttle_store = redis}
 * the counters are shared by every instance as well.
 */
public final class ThrottleFeature implements AuthFeature {

    private volatile ScheduledThreadPoolExecutor scheduler;
    private volatile boolean active;
    /** The stores of the running configuration, by window, lockout and size. */
    private volatile Map<List<Object>, ThrottleStore> stores = Map.of();

    @Override
    public List<Directive> directives() {
        return ThrottleSettings.directives();
    }

    @Override
    public void configure(ModuleContext context) {
        Map<List<Object>, ThrottleStore> used = register(context, Map.of());
        stores = used;
        active = !used.isEmpty();
    }

    /**
     * The counts of failed logins survive a reload for the servers whose window, lockout and
     * size stay the same (they keep their store); a store whose settings changed starts empty,
     * since its counts were kept for other limits.
     */
    @Override
    public Reconfiguration reconfigure(ModuleContext context) {
        Map<List<Object>, ThrottleStore> used = register(context, stores);
        return new Reconfiguration() {
            @Override
            public void commit() {
                stores = used;
                active = !used.isEmpty();
                if (active && scheduler == null) {
                    start();
                }
            }
        };
    }

    /** Registers the handlers of {@code context}'s servers, reusing {@code running}'s stores; returns the stores used. */
    private Map<List<Object>, ThrottleStore> register(ModuleContext context, Map<List<Object>, ThrottleStore> running) {
        Map<String, Throttle.Policy> byServer = new HashMap<>();
        Map<List<Object>, ThrottleStore> used = new HashMap<>();
        for (ServerConfig server : context.servers()) {
            ThrottleSettings settings = ThrottleSettings.read(server);
            if (!settings.enabled()) {
                continue;
            }
            Optional<SharedStore> shared = settings.shared() ? Optional.of(context.sharedStore().orElseThrow(() ->
                    new IllegalArgumentException(server.origin(ThrottleSettings.STORE) + ": "
                            + ThrottleSettings.STORE + ": \"redis\" (expected: local, or a mail.redis block"
                            + " naming the Redis to share the counters through)"))) : Optional.empty();
            ThrottleStore store = used.computeIfAbsent(
                    List.of(settings.window(), settings.lockout(), settings.maxEntries(), settings.shared()),
                    k -> running.containsKey(k) ? running.get(k) : store(settings, shared));
            byServer.put(server.name(), new Throttle.Policy(settings, store));
        }
        if (!byServer.isEmpty()) {
            Throttle throttle = new Throttle(byServer, Clock.systemUTC(), this::schedule);
            context.addAuthenticator("throttle", throttle);
            context.addSessionListener("throttle", throttle);
        }
        return Map.copyOf(used);
    }

    private static ThrottleStore store(ThrottleSettings settings, Optional<SharedStore> shared) {
        InMemoryThrottleStore local = new InMemoryThrottleStore(settings.window(), settings.lockout(),
                settings.maxEntries());
        return shared.<ThrottleStore>map(s -> new RedisThrottleStore(s, local, settings.window(), settings.lockout()))
                .orElse(local);
    }

    @Override
    public synchronized void start() {
        if (!active || scheduler != null) {
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
