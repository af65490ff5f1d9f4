package io.postern.auth.users;

import io.postern.auth.AuthFeature;
import io.postern.auth.http.AuthHttpFeature;
import io.postern.spi.Directive;
import io.postern.spi.DirectiveType;
import io.postern.spi.ModuleContext;
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

    private final Map<Path, UsersDatabase> files = new HashMap<>();
    private volatile ThreadPoolExecutor verifier;
    private ScheduledExecutorService watcher;

    @Override
    public List<Directive> directives() {
        return List.of(Directive.of(AUTH_USERS, DirectiveType.STRING));
    }

    @Override
    public void configure(ModuleContext context) {
        Map<String, UsersDatabase> byServer = new HashMap<>();
        Set<String> passedOn = new HashSet<>();
        for (ServerConfig server : context.servers()) {
            server.optionalString(AUTH_USERS).filter(s -> !s.isBlank()).ifPresent(value -> {
                Path path = context.configDirectory().resolve(value).toAbsolutePath().normalize();
                byServer.put(server.name(), files.computeIfAbsent(path, UsersDatabase::load));
            });
            if (AuthHttpFeature.asksAnAuthServer(server)) {
                passedOn.add(server.name());
            }
        }
        if (byServer.isEmpty()) {
            return;
        }
        context.addAuthenticator("users", new UsersAuthenticator(byServer, passedOn, () -> verifier));
    }

    @Override
    public void start() {
        if (files.isEmpty()) {
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
