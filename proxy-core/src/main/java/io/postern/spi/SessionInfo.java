package io.postern.spi;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A read-only view of a client session, handed to every handler. Values that become known
 * later (the login, the upstream) are empty until then. Read it on the session's event loop
 * (where handlers are called); a copy of the values is needed to use them elsewhere.
 */
public interface SessionInfo {

    /**
     * The MDC key under which the session's {@link #logContext()} is put while one of its lines
     * is logged; the shipped {@code logback.xml} prints it with {@code %X{session}}. Added in SPI 1.3.
     */
    String LOG_CONTEXT_MDC_KEY = "session";

    /** A short id unique within this process run, used in every log line of the session. */
    String id();

    Protocol protocol();

    /** The server block that accepted the connection. */
    ServerConfig server();

    /**
     * The client's address: the TCP peer, or, on a {@code proxy_protocol} listener whose peer
     * is in {@code set_real_ip_from}, the source address of the PROXY protocol header.
     */
    InetSocketAddress clientAddress();

    /** The listener's address the client connected to. */
    InetSocketAddress localAddress();

    /** Whether the client connection is encrypted. */
    boolean secure();

    /**
     * The client connection's TLS facts (protocol, cipher, SNI name, client certificate),
     * once a handshake completed; empty on a plain connection and before STARTTLS. Added in
     * SPI 1.1: the default suits implementations that never see TLS (test doubles).
     */
    default Optional<TlsInfo> tls() {
        return Optional.empty();
    }

    /**
     * The addresses a PROXY protocol header gave, on a listener with {@code proxy_protocol};
     * empty on other listeners and when the header carried none ({@code PROXY UNKNOWN}, a v2
     * {@code LOCAL} command, a family other than TCP over IPv4 or IPv6), as nginx then keeps
     * the connection's own addresses. Present whether or not the peer is trusted: see
     * {@link #clientAddress()}. Added in SPI 1.1 as a default method, so existing
     * implementations keep compiling.
     */
    default Optional<ProxiedConnection> proxied() {
        return Optional.empty();
    }

    /**
     * The client's host as nginx's {@code Client-Host} and XCLIENT {@code NAME=} give it: for
     * SMTP, the name the server's {@code resolver} found and checked, or
     * {@link ClientHost.Unavailable} (no resolver) or {@link ClientHost.TempUnavailable}; known
     * before the greeting. Empty for IMAP and POP3, for which nginx looks nothing up and sends no
     * {@code Client-Host}. Added in SPI 1.3: the default is what nginx says without a resolver.
     */
    default Optional<ClientHost> clientHost() {
        return protocol() == Protocol.SMTP ? Optional.of(new ClientHost.Unavailable()) : Optional.empty();
    }

    /** When the client connected. */
    Instant startTime();

    /** The login the client gave, once it has tried one. */
    Optional<String> login();

    /**
     * The attributes of the accepted login ({@link AuthDecision.Accepted#attributes()}: a
     * group, a quota class), once the AUTH phase accepted it; empty before. Added in SPI 1.2.
     */
    default Map<String, String> authAttributes() {
        return Map.of();
    }

    /**
     * The IMAP upstream's mailbox hierarchy (its separator), which the core asks the upstream
     * for with {@code LIST "" ""} after the login when some IMAP filter is registered, before
     * the client's first command reaches a filter; empty for other protocols, for sessions
     * with no IMAP filter, and when the upstream gave no answer that names it. Added in SPI 1.3.
     */
    default Optional<io.postern.spi.imap.ImapHierarchy> imapHierarchy() {
        return Optional.empty();
    }

    /** The upstream the session is connected to, once it is. */
    Optional<UpstreamAddress> upstream();

    /**
     * The context every log line about this session carries, as the core writes it:
     * {@code session=… client=… server=… protocol=… login=… upstream=… }, each value escaped
     * with {@link WireText#escape} (a login is the client's text). A module that logs about a
     * session puts it in the MDC under {@link #LOG_CONTEXT_MDC_KEY}, rather than building its
     * own. Added in SPI 1.3; the default (for test doubles) names the session only.
     */
    default String logContext() {
        return "session=" + WireText.escape(id()) + " ";
    }
}
