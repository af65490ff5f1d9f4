package io.postern.auth.throttle;

import io.postern.spi.AuthDecision;
import io.postern.spi.AuthRequest;
import io.postern.spi.Authenticator;
import io.postern.spi.SessionInfo;
import io.postern.spi.WireText;
import io.postern.spi.SessionListener;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brute-force protection, keyed by client IP and by login separately (Dovecot's auth penalty
 * per IP, Zimbra's per-account limit). As the first authenticator it refuses a locked-out key
 * and delays the next authenticator for a key with recent failures; as a listener it counts
 * every refused login and clears the login's counter when a login succeeds.
 */
final class Throttle implements Authenticator, SessionListener {

    /** Rejected without a retry, so the session closes; an instance of its own, so it is not counted. */
    static final AuthDecision.Rejected LOCKED_OUT = new AuthDecision.Rejected("Too many failed logins, try later",
            Optional.empty(), Optional.empty());

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
        Duration delay = Duration.ZERO;
        for (String key : keys(request.session(), request)) {
            Optional<ThrottleStore.Failures> failures = policy.store().get(key, now);
            if (failures.isEmpty()) {
                continue;
            }
            if (lockedOut(policy.settings(), failures.get(), now)) {
                return CompletableFuture.completedFuture(LOCKED_OUT);
            }
            Duration own = recent(policy.settings(), failures.get(), now)
                    ? policy.settings().delayFor(failures.get().count()) : Duration.ZERO;
            delay = own.compareTo(delay) > 0 ? own : delay;
        }
        if (delay.isZero()) {
            return CompletableFuture.completedFuture(AuthDecision.declined());
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
        if (decision instanceof AuthDecision.Rejected) {
            Instant now = clock.instant();
            for (String key : keys(session, request)) {
                ThrottleStore.Failures failures = policy.store().increment(key, now);
                if (failures.count() == policy.settings().lockoutAfter()) {
                    log.warn("auth_throttle: {} locked out for {}s after {} failed logins (session {})",
                            WireText.escape(key), policy.settings().lockout().toSeconds(), failures.count(),
                            session.id()); // the key holds the client's login
                }
            }
        } else if (decision instanceof AuthDecision.Accepted) {
            loginKey(request).ifPresent(policy.store()::reset);
        }
    }

    /** The server's policy, or {@code null} when it does not throttle this client. */
    private Policy policy(SessionInfo session) {
        Policy policy = byServer.get(session.server().name());
        if (policy == null || !policy.settings().enabled()) {
            return null;
        }
        InetAddress address = session.clientAddress().getAddress();
        if (address == null || policy.settings().whitelist().stream().anyMatch(n -> n.contains(address))) {
            return null;
        }
        return policy;
    }

    private static List<String> keys(SessionInfo session, AuthRequest request) {
        String ip = "ip:" + session.clientAddress().getAddress().getHostAddress();
        return loginKey(request).map(login -> List.of(ip, login)).orElse(List.of(ip));
    }

    /** Logins differing only in case are one key, so case games do not evade the counter. */
    private static Optional<String> loginKey(AuthRequest request) {
        String user = request.credentials().user();
        return user.isEmpty() ? Optional.empty() : Optional.of("login:" + user.toLowerCase(Locale.ROOT));
    }

    private static boolean lockedOut(ThrottleSettings settings, ThrottleStore.Failures failures, Instant now) {
        return failures.count() >= settings.lockoutAfter() && failures.last().plus(settings.lockout()).isAfter(now);
    }

    private static boolean recent(ThrottleSettings settings, ThrottleStore.Failures failures, Instant now) {
        return failures.last().plus(settings.window()).isAfter(now);
    }
}
