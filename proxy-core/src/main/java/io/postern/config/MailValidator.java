package io.postern.config;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.postern.spi.Directive;
import io.postern.spi.Protocol;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Checks the {@code mail} block against the registered directives and applies nginx's merge. */
final class MailValidator {

    private static final Map<Integer, Protocol> PORT_PROTOCOLS = Map.of(
            143, Protocol.IMAP, 993, Protocol.IMAP, 110, Protocol.POP3, 995, Protocol.POP3,
            25, Protocol.SMTP, 465, Protocol.SMTP, 587, Protocol.SMTP);

    private final RawConfig raw;
    private final DirectiveRegistry registry;
    private final Set<Protocol> supported;
    private final Problems problems = new Problems();
    private final Map<String, ListenAddress> listenKeys = new HashMap<>();
    private Map<String, UpstreamPool> pools;
    private Optional<RedisSettings> redis = Optional.empty();
    private boolean redisWritten;
    private TlsReader tlsReader;

    MailValidator(RawConfig raw, DirectiveRegistry registry, Set<Protocol> supported) {
        this.raw = raw;
        this.registry = registry;
        this.supported = Set.copyOf(supported);
    }

    PosternConfig validate() throws ConfigException {
        ConfigObject mail = raw.config().hasPath("mail") && raw.config().getValue("mail").valueType() == ConfigValueType.OBJECT
                ? raw.config().getObject("mail") : ConfigFactory.empty().root();
        redis = new RedisSettingsReader(problems, raw.file().getParent()).read(mail.get("redis"));
        redisWritten = mail.get("redis") != null;
        pools = new UpstreamsReader(problems, redisWritten).read(mail.get("upstreams"));
        List<Map.Entry<String, ConfigValue>> mailEntries = new ArrayList<>(ConfigOrder.inFileOrder(mail));
        mailEntries.removeIf(e -> e.getKey().equals("servers") || e.getKey().equals("upstreams")
                || e.getKey().equals("redis"));
        Map<String, Setting> base = new LinkedHashMap<>(registry.defaults());
        base.put(CoreDirectives.SERVER_NAME, hostNameDefault());
        base.putAll(directives("mail", mailEntries, false, new HashSet<>()));
        EffectiveServerConfig mailConfig = new EffectiveServerConfig("mail", null, registry.directiveMap(), base);
        List<ServerSettings> servers = servers(mail.get("servers"), base);
        problems.throwIfAny();
        return new PosternConfig(raw.file(), raw.prefix(), raw.process(), mailConfig, servers, pools, redis);
    }

    private List<ServerSettings> servers(ConfigValue value, Map<String, Setting> base) {
        List<ServerSettings> servers = new ArrayList<>();
        if (value == null) {
            return servers;
        }
        if (value.valueType() != ConfigValueType.OBJECT) {
            problems.add(value.origin(), "mail.servers: " + NginxValues.quote(value.unwrapped()) + " (expected: a block of named servers)");
            return servers;
        }
        List<Pending> pending = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : ConfigOrder.inFileOrder((ConfigObject) value)) {
            Pending server = server(e.getKey(), e.getValue(), base);
            if (server != null) {
                pending.add(server);
            }
        }
        // What the JDK sets for the whole process must be set before the first TLS context.
        for (Pending p : pending) {
            tlsReader().collectJvmWide(p.path, p.config, p.effective, p.own, p.listen, p.origin);
        }
        tlsReader().applyJvmWide();
        for (Pending p : pending) {
            io.postern.tls.TlsSettings tls = tlsReader().read(p.path, p.config, p.effective, p.own, p.listen, p.origin);
            if (tls != null) {
                servers.add(ServerSettings.of(p.config, p.listen, tls));
            }
        }
        return servers;
    }

    /** A server block checked but for its TLS, which is built once every server is known. */
    private record Pending(String path, EffectiveServerConfig config, Map<String, Setting> effective,
                           Set<String> own, List<ListenAddress> listen, ConfigOrigin origin) {
    }

    private TlsReader tlsReader() {
        if (tlsReader == null) {
            tlsReader = new TlsReader(problems, configDirectory());
        }
        return tlsReader;
    }

    private Pending server(String name, ConfigValue value, Map<String, Setting> base) {
        String path = "mail.servers." + name;
        if (value.valueType() != ConfigValueType.OBJECT) {
            problems.add(value.origin(), path + ": " + NginxValues.quote(value.unwrapped()) + " (expected: a block of directives)");
            return null;
        }
        Map<String, Setting> effective = new LinkedHashMap<>(base);
        Set<String> broken = new HashSet<>();
        Map<String, Setting> own = directives(path, ConfigOrder.inFileOrder((ConfigObject) value), true, broken);
        effective.putAll(own);
        if (broken.contains(CoreDirectives.LISTEN) || broken.contains(CoreDirectives.PROTOCOL)) {
            return null; // reported already; "no listen" or a guessed protocol would only add noise
        }
        List<ListenAddress> listen = listen(name, effective, value.origin());
        Protocol protocol = listen.isEmpty() ? null : protocol(name, effective, listen.get(0), value.origin());
        if (protocol == null) {
            return null;
        }
        EffectiveServerConfig config = new EffectiveServerConfig(name, protocol, registry.directiveMap(), effective);
        return new Pending(path, config, effective, Set.copyOf(own.keySet()), listen, value.origin());
    }

    /** Checks each written directive; the valid ones are returned, the others reported and added to {@code broken}. */
    private Map<String, Setting> directives(String path, List<Map.Entry<String, ConfigValue>> entries, boolean server,
            Set<String> broken) {
        Map<String, Setting> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigValue> e : entries) {
            String key = e.getKey();
            ConfigValue v = e.getValue();
            Directive d = registry.directive(key).orElse(null);
            if (d == null && key.matches(".*\\s.*") && nginxHint(v.origin())) {
                broken.add(key.split("\\s+")[0]); // "listen 127": no "no listen is defined" on top
            } else if (d == null) {
                String hint = registry.suggest(key).map(s -> " (did you mean \"" + s + "\"?)").orElse("");
                problems.add(v.origin(), path + ": unknown directive \"" + key + "\"" + hint);
            } else if (d.serverOnly() && !server) {
                problems.add(v.origin(), path + "." + key + ": \"" + key + "\" directive is not allowed here (expected: in a server block)");
            } else if (d.mailOnly() && server) {
                problems.add(v.origin(), path + "." + key + ": \"" + key + "\" directive is not allowed here (expected: in the mail block)");
            } else {
                Optional<String> merged = MergedWords.problem(key, v);
                if (merged.isPresent()) {
                    problems.add(v.origin(), path + "." + key + ": " + merged.get());
                    broken.add(key);
                    continue;
                }
                try {
                    out.put(key, Setting.written(registry.normalize(key, v), v));
                    checkProxyPass(path, key, out.get(key), v.origin());
                    checkSharedStore(path, key, out.get(key), v.origin());
                } catch (IllegalArgumentException ex) {
                    problems.add(v.origin(), path + "." + key + ": " + ex.getMessage());
                    broken.add(key);
                }
            }
        }
        return out;
    }

    /** Reports nginx's {@code name value;}, which HOCON reads as a key with a space, as SyntaxHints does. */
    private boolean nginxHint(ConfigOrigin origin) {
        if (origin == null || origin.filename() == null) {
            return false;
        }
        Optional<ConfigProblem> hint = SyntaxHints.nginxDirectiveAt(java.nio.file.Path.of(origin.filename()),
                origin.lineNumber());
        hint.ifPresent(p -> problems.add(p.file(), p.line(), p.message()));
        return hint.isPresent();
    }

    private void checkProxyPass(String path, String key, Setting setting, ConfigOrigin origin) {
        if (key.equals(CoreDirectives.PROXY_PASS) && !pools.containsKey((String) setting.value())) {
            problems.add(origin, path + "." + key + ": " + NginxValues.quote(setting.value())
                    + " (expected: the name of a pool in mail.upstreams)");
        }
    }

    /** {@code limit_conn_store = redis} needs a {@code mail.redis} to share through. */
    private void checkSharedStore(String path, String key, Setting setting, ConfigOrigin origin) {
        // A mail.redis with a problem of its own is reported there, not again here.
        if (key.equals(CoreDirectives.LIMIT_CONN_STORE) && "redis".equalsIgnoreCase((String) setting.value())
                && !redisWritten) {
            problems.add(origin, path + "." + key + ": \"redis\" (expected: local, or a mail.redis block naming"
                    + " the Redis to share the counts through)");
        }
    }

    /** The server's listens, checking each address:port is used once in the whole file. */
    private List<ListenAddress> listen(String name, Map<String, Setting> effective, ConfigOrigin block) {
        Setting setting = effective.get(CoreDirectives.LISTEN);
        if (setting == null || ((List<?>) setting.value()).isEmpty()) {
            problems.add(block, "no \"listen\" is defined for server \"" + name + "\"");
            return List.of();
        }
        List<ListenAddress> out = new ArrayList<>();
        for (Object written : (List<?>) setting.value()) {
            ListenAddress address = ListenAddress.parse((String) written);
            // Port 0 asks the system for a free port, so two of them never clash (tests use it).
            if (address.port() != 0 && listenKeys.putIfAbsent(address.bindKey(), address) != null) {
                problems.add(setting.file(), setting.line(), "duplicate listen \"" + address.addressText() + "\"");
            }
            ListenCheck.problem(address).ifPresent(why -> problems.add(setting.file(), setting.line(), why));
            out.add(address);
        }
        return out;
    }

    /** The written protocol, else the one nginx infers from the first listen port; {@code null} if none or unsupported. */
    private Protocol protocol(String name, Map<String, Setting> effective, ListenAddress first, ConfigOrigin block) {
        Setting setting = effective.get(CoreDirectives.PROTOCOL);
        Protocol protocol;
        if (setting != null) {
            protocol = Protocol.valueOf(((String) setting.value()).toUpperCase(java.util.Locale.ROOT));
        } else {
            protocol = PORT_PROTOCOLS.get(first.port());
            if (protocol == null) {
                problems.add(block, "unknown mail protocol for server \"" + name + "\"");
                return null;
            }
            effective.put(CoreDirectives.PROTOCOL, Setting.byDefault(protocol.configName(),
                    ConfigValueFactory.fromAnyRef(protocol.configName(), "inferred from the listen port")));
        }
        if (!supported.contains(protocol)) {
            ConfigOrigin where = setting != null ? setting.raw().origin() : block;
            problems.add(where, "protocol \"" + protocol.configName() + "\" of server \"" + name + "\" is not supported by this build yet");
            return null;
        }
        return protocol;
    }

    /** Relative paths in the configuration (certificates, keys) are relative to the main file's directory. */
    private java.nio.file.Path configDirectory() {
        java.nio.file.Path parent = raw.file() == null ? null : raw.file().toAbsolutePath().getParent();
        return parent != null ? parent : raw.prefix();
    }

    /** nginx's default server_name is the machine's host name, so it is looked up here, not in reference.conf. */
    private static Setting hostNameDefault() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return Setting.byDefault(host, ConfigValueFactory.fromAnyRef(host, "the machine's host name"));
    }
}
