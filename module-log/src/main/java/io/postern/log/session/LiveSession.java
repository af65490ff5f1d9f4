package io.postern.log.session;

import io.postern.spi.Protocol;
import io.postern.spi.SessionInfo;
import io.postern.spi.TlsInfo;
import io.postern.spi.UpstreamAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable copy of what a session has shown so far, taken on its event loop (where
 * {@link SessionInfo} may be read) so that other threads — the access-log writer, the status
 * page — can use it. Each event replaces the copy with a new one.
 *
 * @param id the session id
 * @param server the name of the server block that accepted the session
 * @param protocol the protocol the server speaks
 * @param client the client's address
 * @param local the listener's address the client connected to
 * @param startTime when the client connected
 * @param secure whether the client connection is encrypted
 * @param tls the client connection's TLS facts, once a handshake completed
 * @param login the login the client gave, once it tried one
 * @param upstream the upstream the session is connected to, once it is
 * @param upstreamConnectTime how long the upstream connection took, once it is established
 * @param authStatus the outcome of the last login attempt
 * @param loggedIn whether the upstream accepted the login
 */
public record LiveSession(String id, String server, Protocol protocol, InetSocketAddress client,
                          InetSocketAddress local, Instant startTime, boolean secure, Optional<TlsInfo> tls,
                          Optional<String> login,
                          Optional<UpstreamAddress> upstream, Optional<Duration> upstreamConnectTime,
                          AuthStatus authStatus, boolean loggedIn) {

    public LiveSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(upstreamConnectTime, "upstreamConnectTime");
        Objects.requireNonNull(authStatus, "authStatus");
    }

    /** The copy of a session that just opened. Call on the session's event loop. */
    public static LiveSession of(SessionInfo session) {
        return new LiveSession(session.id(), session.server().name(), session.protocol(), session.clientAddress(),
                session.localAddress(), session.startTime(), session.secure(), session.tls(), session.login(), session.upstream(),
                Optional.empty(), AuthStatus.NONE, false);
    }

    /** This copy with the login, upstream and encryption the session shows now. Call on its event loop. */
    public LiveSession refreshedFrom(SessionInfo session) {
        return new LiveSession(id, server, protocol, client, local, startTime, session.secure(),
                session.tls().or(() -> tls), session.login().or(() -> login), session.upstream().or(() -> upstream), upstreamConnectTime,
                authStatus, loggedIn);
    }

    public LiveSession withAuthStatus(AuthStatus status) {
        return new LiveSession(id, server, protocol, client, local, startTime, secure, tls, login, upstream,
                upstreamConnectTime, status, loggedIn);
    }

    public LiveSession withUpstream(UpstreamAddress address, Duration connectTime) {
        return new LiveSession(id, server, protocol, client, local, startTime, secure, tls, login, Optional.of(address),
                Optional.of(connectTime), authStatus, loggedIn);
    }

    public LiveSession withLoggedIn() {
        return new LiveSession(id, server, protocol, client, local, startTime, secure, tls, login, upstream,
                upstreamConnectTime, authStatus, true);
    }

    /** How long the session has been open at {@code now}. */
    public Duration age(Instant now) {
        Duration age = Duration.between(startTime, now);
        return age.isNegative() ? Duration.ZERO : age;
    }
}
