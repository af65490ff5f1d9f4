package io.postern.config;

import static io.postern.config.CoreDirectives.*;

import io.postern.limits.AccessRules;
import io.postern.limits.ConnectionRate;
import io.postern.limits.LimitSettings;
import io.postern.spi.Protocol;
import io.postern.spi.ServerConfig;
import io.postern.tls.TlsSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One server block's effective core settings, typed, and the SPI view of all its directives
 * (modules' included) in {@link #directives()}, and its TLS on both legs in {@link #tls()}.
 * {@code setRealIpFrom} lists the peers whose PROXY protocol header is trusted;
 * {@code upstreamProxyProtocol} is the header sent to upstreams, if any; {@code limits} are
 * the CONNECT phase's access rules and the connection limits.
 */
public record ServerSettings(
        String name,
        Protocol protocol,
        List<ListenAddress> listen,
        String serverName,
        Duration timeout,
        Duration loginTimeout,
        Duration proxyTimeout,
        Duration proxyConnectTimeout,
        Duration authTimeout,
        int maxErrors,
        long maxCommands,
        List<String> imapAuth,
        List<String> imapCapabilities,
        int imapClientBuffer,
        String imapGreeting,
        int proxyBuffer,
        boolean proxyPassErrorMessage,
        Optional<String> proxyPass,
        ServerConfig directives,
        TlsSettings tls,
        List<RealIpNetwork> setRealIpFrom,
        UpstreamProxyProtocol upstreamProxyProtocol,
        LimitSettings limits) {

    public ServerSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(protocol, "protocol");
        listen = List.copyOf(listen);
        imapAuth = List.copyOf(imapAuth);
        imapCapabilities = List.copyOf(imapCapabilities);
        Objects.requireNonNull(proxyPass, "proxyPass");
        Objects.requireNonNull(directives, "directives");
        Objects.requireNonNull(tls, "tls");
        setRealIpFrom = List.copyOf(setRealIpFrom);
        Objects.requireNonNull(upstreamProxyProtocol, "upstreamProxyProtocol");
        Objects.requireNonNull(limits, "limits");
    }

    /** The shortest command line a framed relay after login refuses (Postern's; nginx relays bytes). */
    public static final int POST_LOGIN_LINE_FLOOR = 1024;

    /**
     * The longest command line a framed relay after login takes: the client buffer's size, as
     * before login, but never less than {@value #POST_LOGIN_LINE_FLOOR} bytes. nginx relays the
     * session as bytes after login, so a tiny {@code *_client_buffer} (nginx accepts any size)
     * limits only the commands before login there; here it must not make ordinary commands
     * after login fail either.
     */
    public static int postLoginLineLimit(int clientBuffer) {
        return Math.max(clientBuffer, POST_LOGIN_LINE_FLOOR);
    }

    /** The longest upstream line during the login ({@code proxy_buffer}), at least one byte for the decoders. */
    public int proxyLineLimit() {
        return Math.max(proxyBuffer, 1);
    }

    /** New pre-login counters ({@code max_errors}, {@code max_commands}) for one session. */
    public io.postern.engine.PreLoginCounters preLoginCounters() {
        return new io.postern.engine.PreLoginCounters(maxErrors, maxCommands);
    }

    /** Whether a PROXY protocol header from {@code peer} is trusted ({@code set_real_ip_from}). */
    public boolean trustsProxyHeaderFrom(InetSocketAddress peer) {
        for (RealIpNetwork network : setRealIpFrom) {
            if (network.contains(peer)) {
                return true;
            }
        }
        return false;
    }

    /** Reads the typed settings from a checked configuration (bounds were checked already). */
    static ServerSettings of(ServerConfig c, List<ListenAddress> listen, TlsSettings tls) {
        return new ServerSettings(c.name(), c.protocol(), listen, c.string(SERVER_NAME),
                c.duration(TIMEOUT), c.duration(LOGIN_TIMEOUT), c.duration(PROXY_TIMEOUT), c.duration(PROXY_CONNECT_TIMEOUT),
                c.duration(AUTH_TIMEOUT), (int) c.integer(MAX_ERRORS), c.integer(MAX_COMMANDS),
                c.strings(IMAP_AUTH),
                c.strings(IMAP_CAPABILITIES), (int) c.size(IMAP_CLIENT_BUFFER), c.string(IMAP_GREETING),
                (int) c.size(PROXY_BUFFER), c.flag(PROXY_PASS_ERROR_MESSAGE), c.optionalString(PROXY_PASS), c, tls,
                c.strings(SET_REAL_IP_FROM).stream().map(RealIpNetwork::parse).toList(),
                UpstreamProxyProtocol.parse(c.string(PROXY_PROTOCOL)), limits(c));
    }

    private static LimitSettings limits(ServerConfig c) {
        return new LimitSettings(AccessRules.parse(c.strings(ACCESS)),
                c.strings(LIMIT_CONN_EXEMPT).stream().map(RealIpNetwork::parse).toList(),
                (int) c.integer(LIMIT_CONN_PER_IP), ConnectionRate.parse(c.string(LIMIT_CONN_RATE)),
                (int) c.integer(LIMIT_CONN_RATE_BURST), (int) c.integer(LIMIT_CONN_PER_USER),
                (int) c.integer(LIMIT_CONN_PER_USERIP), c.string(LIMIT_CONN_STORE).equalsIgnoreCase("redis"));
    }
}
