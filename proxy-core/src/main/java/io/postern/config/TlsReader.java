package io.postern.config;

import static io.postern.config.CoreDirectives.*;

import com.typesafe.config.ConfigOrigin;
import io.postern.spi.ServerConfig;
import io.postern.tls.ConfCommands;
import io.postern.tls.JvmTls;
import io.postern.tls.ServerTls;
import io.postern.tls.ServerTlsBuilder;
import io.postern.tls.ServerTlsConfig;
import io.postern.tls.StartTlsMode;
import io.postern.tls.TlsConfigException;
import io.postern.tls.TlsProvider;
import io.postern.tls.TlsSettings;
import io.postern.tls.UpstreamTls;
import io.postern.tls.UpstreamTlsConfig;
import io.postern.tls.UpstreamTlsMode;
import io.postern.tls.VerifyClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Optional;
import java.util.Set;
import javax.crypto.spec.DHParameterSpec;

/**
 * Builds a server block's {@link TlsSettings}, loading its certificates and keys at start-up
 * (and for {@code postern -t}), so that a missing file, a wrong password or a key that does
 * not match its certificate is a configuration error naming the directive's file and line.
 */
final class TlsReader {

    private final Problems problems;
    private final Path configDirectory;
    /** The process-wide values and the server and setting that first said each. */
    private JvmWide groups;
    private JvmWide dhparam;
    private boolean sessionTickets = true;
    private final Map<Path, Optional<DHParameterSpec>> dhFiles = new HashMap<>();

    /** One process-wide value as a server said it, for comparing with the next server's. */
    private record JvmWide(String shown, Object value, String origin) {
    }

    /** @param configDirectory relative paths are resolved against it (the main file's directory) */
    TlsReader(Problems problems, Path configDirectory) {
        this.problems = problems;
        this.configDirectory = configDirectory;
    }

    /**
     * First pass over a server: what its TLS says for the whole process (ssl_ecdh_curve,
     * ssl_dhparam, ssl_session_tickets, their ssl_conf_command forms), reporting a server that
     * disagrees with an earlier one. Servers without TLS say nothing.
     */
    void collectJvmWide(String path, ServerConfig c, Map<String, Setting> effective, Set<String> own,
                        List<ListenAddress> listen, ConfigOrigin block) {
        if (!usesTls(c, listen)) {
            return;
        }
        try {
            ConfCommands commands = ConfCommands.parse(c.object(SSL_CONF_COMMAND));
            String groupDirective = commands.groups().isPresent() ? SSL_CONF_COMMAND : SSL_ECDH_CURVE;
            String written = commands.groups().orElse(c.string(SSL_ECDH_CURVE));
            List<String> named = JvmTls.namedGroups(groupDirective, written);
            groups = agree(path, effective, own, block, groupDirective, groups, new JvmWide(written, named,
                    origin(effective, groupDirective)), "Java 17 sets the key exchange groups for the whole process");
            Optional<String> dh = c.optionalString(SSL_DHPARAM);
            Optional<DHParameterSpec> spec = dh.isEmpty() ? Optional.empty() : dhFile(path(dh.get()));
            dhparam = agree(path, effective, own, block, SSL_DHPARAM, dhparam, new JvmWide(dh.orElse("(none)"),
                    spec.map(d -> List.of(d.getP(), d.getG())).orElse(List.of()), origin(effective, SSL_DHPARAM)),
                    "the JDK sets the DHE group for the whole process");
            sessionTickets &= commands.sessionTickets().orElse(c.flag(SSL_SESSION_TICKETS));
        } catch (TlsConfigException e) {
            report(path, effective, own, e.directive(), block, e.getMessage());
        }
    }

    /** Sets what the servers agreed on, before any TLS context is built. */
    void applyJvmWide() {
        if (!problems.isEmpty()) {
            return;
        }
        @SuppressWarnings("unchecked")
        JvmTls wanted = new JvmTls(groups == null ? List.of() : (List<String>) groups.value(),
                dhparam == null || ((List<?>) dhparam.value()).isEmpty() ? Optional.empty()
                        : dhFiles.values().stream().flatMap(Optional::stream).findFirst(),
                sessionTickets);
        JvmTls.apply(wanted).ifPresent(why -> {
            JvmWide first = groups != null && !((List<?>) groups.value()).isEmpty() ? groups : dhparam;
            String where = first == null ? null : first.origin();
            if (where != null && where.lastIndexOf(':') > 0) {
                int colon = where.lastIndexOf(':');
                problems.add(where.substring(0, colon), Integer.parseInt(where.substring(colon + 1)), "mail: " + why);
            } else {
                problems.add((String) null, -1, "mail: " + why);
            }
        });
    }

    private JvmWide agree(String path, Map<String, Setting> effective, Set<String> own, ConfigOrigin block,
                          String directive, JvmWide first, JvmWide now, String why) {
        if (first == null) {
            return now;
        }
        if (!first.value().equals(now.value())) {
            report(path, effective, own, directive, block, NginxValues.quote(now.shown()) + " (expected: "
                    + NginxValues.quote(first.shown()) + " as at " + first.origin() + ", in every server with TLS: "
                    + why + ")");
        }
        return first;
    }

    private Optional<DHParameterSpec> dhFile(Path file) throws TlsConfigException {
        Optional<DHParameterSpec> known = dhFiles.get(file);
        if (known == null) {
            known = Optional.of(JvmTls.dhParameters(SSL_DHPARAM, file));
            dhFiles.put(file, known);
        }
        return known;
    }

    private static String origin(Map<String, Setting> effective, String directive) {
        Setting setting = effective.get(directive);
        return setting == null ? "default" : setting.origin();
    }

    private static boolean usesTls(ServerConfig c, List<ListenAddress> listen) {
        return listen.stream().anyMatch(ListenAddress::ssl) || StartTlsMode.of(c.string(STARTTLS)) != StartTlsMode.OFF;
    }

    /** The block's TLS, or {@code null} after recording why it cannot be built. */
    TlsSettings read(String path, ServerConfig c, Map<String, Setting> effective, Set<String> own,
                     List<ListenAddress> listen, ConfigOrigin block) {
        StartTlsMode starttls = StartTlsMode.of(c.string(STARTTLS));
        boolean implicit = listen.stream().anyMatch(ListenAddress::ssl);
        Optional<ServerTls> server = Optional.empty();
        try {
            if (implicit || starttls != StartTlsMode.OFF) {
                if (c.strings(SSL_CERTIFICATE).isEmpty()) {
                    String where = implicit ? LISTEN : STARTTLS;
                    reportServer(path, effective, where, block, "no \"ssl_certificate\" is defined for the \""
                            + (implicit ? "listen ... ssl" : "starttls") + "\" directive");
                    return null;
                }
                server = Optional.of(ServerTlsBuilder.build(serverConfig(c)));
            }
            return new TlsSettings(starttls, server, UpstreamTls.build(upstreamConfig(c)));
        } catch (TlsConfigException e) {
            report(path, effective, own, e.directive(), block, e.getMessage());
            return null;
        }
    }

    private ServerTlsConfig serverConfig(ServerConfig c) {
        return new ServerTlsConfig(paths(c.strings(SSL_CERTIFICATE)), paths(c.strings(SSL_CERTIFICATE_KEY)),
                optionalPath(c, SSL_PASSWORD_FILE), c.strings(SSL_PROTOCOLS), c.string(SSL_CIPHERS),
                c.flag(SSL_PREFER_SERVER_CIPHERS), c.strings(SSL_SESSION_CACHE), c.duration(SSL_SESSION_TIMEOUT),
                VerifyClient.of(c.string(SSL_VERIFY_CLIENT)), optionalPath(c, SSL_CLIENT_CERTIFICATE),
                (int) c.integer(SSL_VERIFY_DEPTH), optionalPath(c, SSL_CRL),
                c.object(SSL_CONF_COMMAND), c.protocol().configName(), c.duration(TIMEOUT), c.string(SSL_ECDH_CURVE),
                optionalPath(c, SSL_DHPARAM), c.flag(SSL_SESSION_TICKETS), TlsProvider.of(c.string(SSL_PROVIDER)));
    }

    private UpstreamTlsConfig upstreamConfig(ServerConfig c) {
        return new UpstreamTlsConfig(UpstreamTlsMode.parse(c.string(PROXY_SSL)).orElseThrow(),
                c.flag(PROXY_SSL_VERIFY), optionalPath(c, PROXY_SSL_TRUSTED_CERTIFICATE),
                c.optionalString(PROXY_SSL_NAME), optionalPath(c, PROXY_SSL_CERTIFICATE),
                optionalPath(c, PROXY_SSL_CERTIFICATE_KEY), optionalPath(c, PROXY_SSL_PASSWORD_FILE),
                c.strings(PROXY_SSL_PROTOCOLS), c.duration(PROXY_CONNECT_TIMEOUT),
                TlsProvider.of(c.string(SSL_PROVIDER)));
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

    /**
     * Reports at the directive's line when it was written, else at the server block; a value a
     * server inherits from the mail level is reported once, as the mail level's, not once for
     * every server that inherits it.
     */
    private void report(String path, Map<String, Setting> effective, Set<String> own, String directive,
                        ConfigOrigin block, String message) {
        Setting setting = effective.get(directive);
        boolean inherited = setting != null && setting.file() != null && !own.contains(directive);
        at(setting, block, (inherited ? "mail" : path) + "." + directive + ": " + message);
    }

    /** Reports a problem of the server itself (its listen, its starttls) at the directive's line. */
    private void reportServer(String path, Map<String, Setting> effective, String directive, ConfigOrigin block,
                              String message) {
        at(effective.get(directive), block, path + ": " + message);
    }

    private void at(Setting setting, ConfigOrigin block, String text) {
        if (setting != null && setting.file() != null) {
            problems.add(setting.file(), setting.line(), text);
        } else {
            problems.add(block, text);
        }
    }
}
