package io.postern.auth.users;

import io.postern.auth.AuthFeature;
import io.postern.auth.http.AuthHttpFeature;
import io.postern.spi.Directive;
import io.postern.spi.DirectiveType;
import io.postern.spi.ModuleContext;
import io.postern.spi.Reconfiguration;
import io.postern.spi.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users file feature: directive {@code auth_users} (a path; unset, the feature is off),
 * the {@code users} authenticator, the verification executor and the file watcher.
 */
public final class UsersFeature implements AuthFeature {

    public static final String AUTH_USERS = "auth_users";

    /** How often a users file's time and size are compared with the last read. */
    static final Duration POLL_INTERVAL = Duration.ofSeconds(2);
    /** Password checks waiting per verification thread before a login is answered "failed". */
    private static final int QUEUE_PER_THREAD = 64;

    private static final Logger log = LoggerFactory.getLogger(UsersFeature.class);

    /** The files of the running configuration, by path. */
    private volatile Map<Path, UsersDatabase> files = Map.of();
    private volatile ThreadPoolExecutor verifier;
    private ScheduledExecutorService watcher;

    @Override
    public List<Directive> directives() {
        return List.of(Directive.of(AUTH_USERS, DirectiveType.STRING));
    }

    @Override
    public void configure(ModuleContext context) {
        files = register(context);
    }

    /**
     * Reads every users file again (a broken one refuses the reload), for the new sessions'
     * authenticator; the files are watched from the commit on. A users file can also change
     * without a reload: it is polled, see {@link #POLL_INTERVAL}.
     */
    @Override
    public Reconfiguration reconfigure(ModuleContext context) {
        Map<Path, UsersDatabase> read = register(context);
        return new Reconfiguration() {
            @Override
            public void commit() {
                files = read;
                if (!read.isEmpty() && verifier == null) {
                    start();
                }
            }
        };
    }

    /** Reads the files of {@code context}'s servers and registers their authenticator; returns the files by path. */
    private Map<Path, UsersDatabase> register(ModuleContext context) {
        Map<Path, UsersDatabase> read = new HashMap<>();
        Map<String, UsersDatabase> byServer = new HashMap<>();
        Set<String> passedOn = new HashSet<>();
        for (ServerConfig server : context.servers()) {
            server.optionalString(AUTH_USERS).filter(s -> !s.isBlank()).ifPresent(value -> {
                Path path = context.configDirectory().resolve(value).toAbsolutePath().normalize();
                byServer.put(server.name(), read.computeIfAbsent(path, UsersDatabase::load));
            });
            if (AuthHttpFeature.asksAnAuthServer(server)) {
                passedOn.add(server.name());
            }
        }
        if (!byServer.isEmpty()) {
            context.addAuthenticator("users", new UsersAuthenticator(byServer, passedOn, () -> verifier));
        }
        return Map.copyOf(read);
    }

    @Override
    public synchronized void start() {
        if (files.isEmpty() || verifier != null) {
            return;
        }
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        verifier = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(threads * QUEUE_PER_THREAD), daemon("postern-auth-users-verify-"),
                new ThreadPoolExecutor.AbortPolicy());
        watcher = Executors.newSingleThreadScheduledExecutor(daemon("postern-auth-users-watch-"));
        watcher.scheduleWithFixedDelay(this::reloadChanged, POLL_INTERVAL.toMillis(), POLL_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Re-reads the files that changed; package-visible so tests need not wait for the timer. */
    void reloadChanged() {
        for (UsersDatabase file : files.values()) {
            try {
                file.reloadIfChanged();
            } catch (RuntimeException e) {
                log.error("auth_users: {}: reload failed", file.path(), e); // keep polling the others
            }
        }
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
        if (verifier != null) {
            verifier.shutdownNow();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
