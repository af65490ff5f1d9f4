package io.postern.config;

import static io.postern.config.CoreDirectives.*;

import io.postern.spi.Protocol;
import io.postern.spi.ServerConfig;
import io.postern.tls.TlsSettings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One server block's effective core settings, typed, and the SPI view of all its directives
 * (modules' included) in {@link #directives()}, and its TLS on both legs in {@link #tls()}.
 */
public record ServerSettings(
        String name,
        Protocol protocol,
        List<ListenAddress> listen,
        String serverName,
        Duration timeout,
        Duration proxyTimeout,
        Duration proxyConnectTimeout,
        Duration authTimeout,
        int maxErrors,
        List<String> imapAuth,
        List<String> imapCapabilities,
        int imapClientBuffer,
        String imapGreeting,
        int proxyBuffer,
        boolean proxyPassErrorMessage,
        Optional<String> proxyPass,
        ServerConfig directives,
        TlsSettings tls) {

    public ServerSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(protocol, "protocol");
        listen = List.copyOf(listen);
        imapAuth = List.copyOf(imapAuth);
        imapCapabilities = List.copyOf(imapCapabilities);
        Objects.requireNonNull(proxyPass, "proxyPass");
        Objects.requireNonNull(directives, "directives");
        Objects.requireNonNull(tls, "tls");
    }

    /** Reads the typed settings from a checked configuration (bounds were checked already). */
    static ServerSettings of(ServerConfig c, List<ListenAddress> listen, TlsSettings tls) {
        return new ServerSettings(c.name(), c.protocol(), listen, c.string(SERVER_NAME),
                c.duration(TIMEOUT), c.duration(PROXY_TIMEOUT), c.duration(PROXY_CONNECT_TIMEOUT),
                c.duration(AUTH_TIMEOUT), (int) c.integer(MAX_ERRORS), c.strings(IMAP_AUTH),
                c.strings(IMAP_CAPABILITIES), (int) c.size(IMAP_CLIENT_BUFFER), c.string(IMAP_GREETING),
                (int) c.size(PROXY_BUFFER), c.flag(PROXY_PASS_ERROR_MESSAGE), c.optionalString(PROXY_PASS), c, tls);
    }
}
