package io.postern.log.session;

import io.postern.spi.AuthDecision;
import io.postern.spi.AuthRequest;
import io.postern.spi.Refusal;
import io.postern.spi.SessionInfo;
import io.postern.spi.SessionListener;
import io.postern.spi.SessionSummary;
import io.postern.spi.TlsInfo;
import io.postern.spi.UpstreamAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The module's one session listener: keeps an immutable {@link LiveSession} copy of every open
 * session (for the status page and for what the summary at close lacks: the auth status and
 * the upstream connect time) and passes each event on to the sinks.
 *
 * <p>Events of one session arrive on its event loop, one at a time, so replacing its entry
 * needs no lock; the map is concurrent because sessions live on different loops and the
 * status page reads it from its own thread.
 */
public final class SessionTracker implements SessionListener {

    private final Map<String, LiveSession> live;
    private final List<SessionSink> sinks;
    private final CommandTally commands;

    /** @param commands the command counts of filtered sessions, ended here when they close */
    public SessionTracker(List<SessionSink> sinks, CommandTally commands) {
        this(sinks, commands, new ConcurrentHashMap<>());
    }

    /**
     * @param live the open sessions, shared with the trackers of the configurations before and
     *     after a reload, so the status page lists every open session whichever it started under
     */
    public SessionTracker(List<SessionSink> sinks, CommandTally commands, ConcurrentHashMap<String, LiveSession> live) {
        this.sinks = List.copyOf(sinks);
        this.commands = Objects.requireNonNull(commands, "commands");
        this.live = Objects.requireNonNull(live, "live");
    }

    /** The sessions open now, in no particular order. */
    public Collection<LiveSession> liveSessions() {
        return List.copyOf(live.values());
    }

    @Override
    public void onOpen(SessionInfo session) {
        LiveSession copy = LiveSession.of(session);
        live.put(copy.id(), copy);
        sinks.forEach(s -> s.opened(copy));
    }

    @Override
    public void onAuthDecision(SessionInfo session, AuthRequest request, AuthDecision decision, Duration elapsed) {
        AuthStatus status = AuthStatus.of(decision);
        LiveSession copy = update(session, c -> c.withAuthStatus(status));
        sinks.forEach(s -> s.authDecided(copy, status, elapsed));
    }

    @Override
    public void onUpstreamFailed(SessionInfo session, UpstreamAddress upstream, String reason) {
        LiveSession copy = update(session, UnaryOperator.identity());
        sinks.forEach(s -> s.upstreamFailed(copy, upstream));
    }

    @Override
    public void onTlsHandshake(SessionInfo session, TlsInfo tls) {
        LiveSession copy = update(session, UnaryOperator.identity());
        sinks.forEach(s -> s.tlsHandshake(copy, Optional.of(tls.protocol())));
    }

    @Override
    public void onTlsFailed(SessionInfo session, String reason) {
        LiveSession copy = update(session, UnaryOperator.identity());
        sinks.forEach(s -> s.tlsHandshake(copy, Optional.empty()));
    }

    @Override
    public void onUpstreamConnected(SessionInfo session, UpstreamAddress upstream, Duration connectTime) {
        LiveSession copy = update(session, c -> c.withUpstream(upstream, connectTime));
        sinks.forEach(s -> s.upstreamConnected(copy, upstream, connectTime));
    }

    @Override
    public void onRefused(SessionInfo session, Refusal refusal) {
        LiveSession copy = update(session, UnaryOperator.identity());
        sinks.forEach(s -> s.refused(copy, refusal));
    }

    @Override
    public void onLoggedIn(SessionInfo session) {
        update(session, LiveSession::withLoggedIn);
    }

    @Override
    public void onClose(SessionInfo session, SessionSummary summary) {
        OptionalLong commandCount = commands.end(session.id());
        LiveSession last = live.remove(session.id());
        if (last == null) {
            // Never opened as far as this module knows: nothing to log or to decrement.
            return;
        }
        ClosedSession closed = new ClosedSession(last.refreshedFrom(session), summary, Instant.now(), commandCount);
        sinks.forEach(s -> s.closed(closed));
    }

    private LiveSession update(SessionInfo session, UnaryOperator<LiveSession> change) {
        LiveSession current = live.get(session.id());
        if (current == null) {
            current = LiveSession.of(session);
        }
        LiveSession next = change.apply(current.refreshedFrom(session));
        live.computeIfPresent(session.id(), (id, old) -> next);
        return next;
    }
}
