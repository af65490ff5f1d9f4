package io.postern.auth.throttle;

import io.postern.spi.AuthDecision;
import io.postern.spi.AuthRequest;
import io.postern.spi.Authenticator;
import io.postern.spi.SessionInfo;
import io.postern.spi.SessionListener;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brute-force protection, with two counters per attempt (see {@link ThrottleKeys}): the client's
 * address, against one address trying many logins or passwords (Dovecot's auth penalty, which
 * only delays; fail2ban's ban, which refuses), and the login from the client's network, against
 * one network guessing one user's password. A login is never counted on its own: an attacker
 * elsewhere must not be able to lock its user out, so a user's own network stays open while
 * other networks are slowed and refused. As the first authenticator it refuses a locked-out key
 * and delays the next authenticator for a key with recent failures; as a listener it counts every
 * refused login (a repeated wrong password once: see {@link ThrottleStore#increment}), and clears
 * the login's counter for the network a login succeeded from.
 */
final class Throttle implements Authenticator, SessionListener {

    /** Rejected without a retry, so the session closes; an instance of its own, so it is not counted. */
    static final AuthDecision.Rejected LOCKED_OUT = new AuthDecision.Rejected("Too many failed logins, try later",
            Optional.empty(), Optional.empty());

    /** The usual answer, made once: nothing against this attempt, the next authenticator decides. */
    private static final CompletableFuture<AuthDecision> DECLINED = CompletableFuture.completedFuture(AuthDecision.declined());

    private static final Logger log = LoggerFactory.getLogger(Throttle.class);

    /** Runs a task after a delay; the module's scheduler in production, a fake one in tests. */
    @FunctionalInterface
    interface Timer {
        void schedule(Runnable task, Duration delay);
    }

    /** A server's settings and the store its counters live in. */
    record Policy(ThrottleSettings settings, ThrottleStore store) {
    }

    private final Map<String, Policy> byServer;
    private final Clock clock;
    private final Timer timer;
    private final AttemptFingerprint fingerprint = new AttemptFingerprint(new SecureRandom());

    Throttle(Map<String, Policy> byServer, Clock clock, Timer timer) {
        this.byServer = Map.copyOf(byServer);
        this.clock = clock;
        this.timer = timer;
    }

    @Override
    public CompletionStage<AuthDecision> authenticate(AuthRequest request) {
        Policy policy = policy(request.session());
        if (policy == null) {
            return CompletableFuture.completedFuture(AuthDecision.declined());
        }
        Instant now = clock.instant();
        // Both counters at once: with a shared store, two round trips in parallel.
        List<ThrottleKeys.Key> keys = keys(policy, request.session(), request).all();
        List<CompletableFuture<Optional<ThrottleStore.Failures>>> lookups = new ArrayList<>(keys.size());
        boolean answered = true;
        for (ThrottleKeys.Key key : keys) {
            CompletableFuture<Optional<ThrottleStore.Failures>> lookup = policy.store().get(key.id(), now)
                    .toCompletableFuture();
            answered &= lookup.isDone() && !lookup.isCompletedExceptionally();
            lookups.add(lookup);
        }
        if (answered) {
            // The in-memory store answers at once: decide now, without a stage per lookup.
            List<Optional<ThrottleStore.Failures>> all = new ArrayList<>(lookups.size());
            for (CompletableFuture<Optional<ThrottleStore.Failures>> lookup : lookups) {
                all.add(lookup.join());
            }
            return decide(policy.settings(), all, now);
        }
        return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new))
                .thenCompose(done -> decide(policy.settings(), lookups.stream().map(CompletableFuture::join).toList(), now));
    }

    /** Refuses a locked-out key, delays for the longest recent failure count, or lets the next authenticator decide. */
    private CompletionStage<AuthDecision> decide(ThrottleSettings settings, List<Optional<ThrottleStore.Failures>> all,
                                                 Instant now) {
        Duration delay = Duration.ZERO;
        for (Optional<ThrottleStore.Failures> failures : all) {
            if (failures.isEmpty()) {
                continue;
            }
            if (lockedOut(settings, failures.get(), now)) {
                return CompletableFuture.completedFuture(LOCKED_OUT);
            }
            Duration own = recent(settings, failures.get(), now) ? settings.delayFor(failures.get().count()) : Duration.ZERO;
            delay = own.compareTo(delay) > 0 ? own : delay;
        }
        if (delay.isZero()) {
            return DECLINED;
        }
        CompletableFuture<AuthDecision> later = new CompletableFuture<>();
        timer.schedule(() -> later.complete(AuthDecision.declined()), delay);
        return later;
    }

    @Override
    public void onAuthDecision(SessionInfo session, AuthRequest request, AuthDecision decision) {
        Policy policy = policy(session);
        if (policy == null || decision == LOCKED_OUT) {
            return; // refusing a locked-out key does not extend its lockout
        }
        ThrottleKeys keys = keys(policy, session, request);
        if (decision instanceof AuthDecision.Rejected) {
            Instant now = clock.instant();
            String attempt = fingerprint.of(request.credentials()); // a repeated wrong password counts once
            for (ThrottleKeys.Key key : keys.all()) {
                policy.store().increment(key.id(), attempt, now).thenAccept(failures -> {
                    if (failures.count() == policy.settings().lockoutAfter()) {
                        log.warn("auth_throttle: {} locked out for {}s after {} failed logins (session {})",
                                key.description(), policy.settings().lockout().toSeconds(), failures.count(),
                                session.id());
                    }
                });
            }
        } else if (decision instanceof AuthDecision.Accepted) {
            // Only this network's count: the address keeps its failures, or one good account
            // would let an address guess the passwords of others without end.
            keys.login().ifPresent(key -> policy.store().reset(key.id()));
        }
    }

    /** The server's policy, or {@code null} when it does not throttle this client. */
    private Policy policy(SessionInfo session) {
        Policy policy = byServer.get(session.server().name());
        if (policy == null || !policy.settings().enabled()) {
            return null;
        }
        InetAddress address = session.clientAddress().getAddress();
        if (address == null) {
            return null;
        }
        for (Cidr network : policy.settings().whitelist()) {
            if (network.contains(address)) {
                return null;
            }
        }
        return policy;
    }

    private static ThrottleKeys keys(Policy policy, SessionInfo session, AuthRequest request) {
        return ThrottleKeys.of(policy.settings(), session.clientAddress().getAddress(), request.credentials().user());
    }

    private static boolean lockedOut(ThrottleSettings settings, ThrottleStore.Failures failures, Instant now) {
        return failures.count() >= settings.lockoutAfter() && failures.last().plus(settings.lockout()).isAfter(now);
    }

    private static boolean recent(ThrottleSettings settings, ThrottleStore.Failures failures, Instant now) {
        return failures.last().plus(settings.window()).isAfter(now);
    }
}
