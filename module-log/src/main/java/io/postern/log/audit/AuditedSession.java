package io.postern.log.audit;

import io.postern.spi.Protocol;
import io.postern.spi.SessionInfo;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Who an audit line is about, copied once when the session's filter opens (on its event
 * loop) so that the writer thread can use it.
 *
 * @param id the session id
 * @param server the server block's name
 * @param protocol the session's protocol
 * @param client the client's address
 * @param login the login the client gave
 */
public record AuditedSession(String id, String server, Protocol protocol, InetSocketAddress client, String login) {

    public AuditedSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(login, "login");
    }

    /** The copy of a logged-in session. Call on its event loop. */
    public static AuditedSession of(SessionInfo session) {
        return new AuditedSession(session.id(), session.server().name(), session.protocol(), session.clientAddress(),
                session.login().orElse(""));
    }
}
