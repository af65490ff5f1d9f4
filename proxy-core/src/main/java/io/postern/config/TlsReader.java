package io.postern.config;

import static io.postern.config.CoreDirectives.*;

import com.typesafe.config.ConfigOrigin;
import io.postern.spi.ServerConfig;
import io.postern.tls.ServerTls;
import io.postern.tls.ServerTlsBuilder;
import io.postern.tls.ServerTlsConfig;
import io.postern.tls.StartTlsMode;
import io.postern.tls.TlsConfigException;
import io.postern.tls.TlsSettings;
import io.postern.tls.UpstreamTls;
import io.postern.tls.UpstreamTlsConfig;
import io.postern.tls.UpstreamTlsMode;
import io.postern.tls.VerifyClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a server block's {@link TlsSettings}, loading its certificates and keys at start-up
 * (and for {@code postern -t}), so that a missing file, a wrong password or a key that does
 * not match its certificate is a configuration error naming the directive's file and line.
 */
final class TlsReader {

    private final Problems problems;
    private final Path configDirectory;

    /** @param configDirectory relative paths are resolved against it (the main file's directory) */
    TlsReader(Problems problems, Path configDirectory) {
        this.problems = problems;
        this.configDirectory = configDirectory;
    }

    /** The block's TLS, or {@code null} after recording why it cannot be built. */
    TlsSettings read(String path, ServerConfig c, Map<String, Setting> effective, List<ListenAddress> listen,
                     ConfigOrigin block) {
        StartTlsMode starttls = StartTlsMode.of(c.string(STARTTLS));
        boolean implicit = listen.stream().anyMatch(ListenAddress::ssl);
        Optional<ServerTls> server = Optional.empty();
        try {
            if (implicit || starttls != StartTlsMode.OFF) {
                if (c.strings(SSL_CERTIFICATE).isEmpty()) {
                    String where = implicit ? LISTEN : STARTTLS;
                    report(path, effective, where, block, "no \"ssl_certificate\" is defined for the \""
                            + (implicit ? "listen ... ssl" : "starttls") + "\" directive");
                    return null;
                }
                server = Optional.of(ServerTlsBuilder.build(serverConfig(c)));
            }
            return new TlsSettings(starttls, server, UpstreamTls.build(upstreamConfig(c)));
        } catch (TlsConfigException e) {
            report(path, effective, e.directive(), block, path + "." + e.directive() + ": " + e.getMessage());
            return null;
        }
    }

    private ServerTlsConfig serverConfig(ServerConfig c) {
        return new ServerTlsConfig(paths(c.strings(SSL_CERTIFICATE)), paths(c.strings(SSL_CERTIFICATE_KEY)),
                optionalPath(c, SSL_PASSWORD_FILE), c.strings(SSL_PROTOCOLS), c.string(SSL_CIPHERS),
                c.flag(SSL_PREFER_SERVER_CIPHERS), c.strings(SSL_SESSION_CACHE), c.duration(SSL_SESSION_TIMEOUT),
                VerifyClient.of(c.string(SSL_VERIFY_CLIENT)), optionalPath(c, SSL_CLIENT_CERTIFICATE),
                (int) c.integer(SSL_VERIFY_DEPTH), optionalPath(c, SSL_CRL), c.protocol().configName(), c.duration(TIMEOUT));
    }

    private UpstreamTlsConfig upstreamConfig(ServerConfig c) {
        return new UpstreamTlsConfig(UpstreamTlsMode.parse(c.string(PROXY_SSL)).orElseThrow(),
                c.flag(PROXY_SSL_VERIFY), optionalPath(c, PROXY_SSL_TRUSTED_CERTIFICATE),
                c.optionalString(PROXY_SSL_NAME), optionalPath(c, PROXY_SSL_CERTIFICATE),
                optionalPath(c, PROXY_SSL_CERTIFICATE_KEY), optionalPath(c, PROXY_SSL_PASSWORD_FILE),
                c.strings(PROXY_SSL_PROTOCOLS), c.duration(PROXY_CONNECT_TIMEOUT));
    }

    private List<Path> paths(List<String> written) {
        return written.stream().map(this::path).toList();
    }

    private Optional<Path> optionalPath(ServerConfig c, String directive) {
        return c.optionalString(directive).map(this::path);
    }

    private Path path(String written) {
        return configDirectory.resolve(written).toAbsolutePath().normalize();
    }

    /** Reports at the directive's line when it was written, else at the server block. */
    private void report(String path, Map<String, Setting> effective, String directive, ConfigOrigin block,
                        String message) {
        Setting setting = effective.get(directive);
        String text = message.startsWith(path) ? message : path + ": " + message;
        if (setting != null && setting.file() != null) {
            problems.add(setting.file(), setting.line(), text);
        } else {
            problems.add(block, text);
        }
    }
}
