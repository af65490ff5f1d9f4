package io.postern.config;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueFactory;
import io.postern.spi.Directive;
import io.postern.spi.ServerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes a {@link PosternConfig} back as HOCON, every value explicit, for {@code postern -T}. */
final class ConfigRenderer {

    private final PosternConfig config;
    private final StringBuilder out = new StringBuilder();

    ConfigRenderer(PosternConfig config) {
        this.config = config;
    }

    String render() {
        ProcessSettings p = config.process();
        out.append("# effective configuration of ").append(config.file()).append('\n');
        line(0, "event_loop_threads", p.eventLoopThreads() == 0 ? "auto" : Integer.toString(p.eventLoopThreads()));
        line(0, "modules_dir", quote(p.modulesDir().toString()));
        line(0, "pid", quote(p.pidFile().toString()));
        line(0, "shutdown_timeout", NginxValues.formatDuration(p.shutdownTimeout()));
        line(0, "limit_conn_total", p.limitConnTotal() == 0 ? "auto" : Integer.toString(p.limitConnTotal()));
        out.append("phases {\n");
        p.phaseOrder().forEach((phase, names) -> line(1, phase, list(names)));
        out.append("}\nmail {\n");
        directives(1, config.mail(), false);
        out.append("  servers {\n");
        for (ServerSettings server : config.servers()) {
            out.append("    ").append(key(server.name())).append(" {\n");
            directives(3, server.directives(), true);
            out.append("    }\n");
        }
        out.append("  }\n  upstreams {\n");
        for (UpstreamPool pool : config.upstreams().values()) {
            String servers = list(pool.servers().stream().map(Object::toString).toList());
            out.append("    ").append(key(pool.name())).append(" { servers = ").append(servers);
            if (pool.hashLogin()) {
                out.append(", hash = ").append(quote(UpstreamsReader.HASH_LOGIN));
            }
            pool.affinityTime().ifPresent(t -> out.append(", affinity_time = ").append(NginxValues.formatDuration(t)));
            out.append(" }\n");
        }
        out.append("  }\n");
        config.redis().ifPresent(this::redis);
        out.append("}\n");
        return out.toString();
    }

    /** {@code mail.redis}, every setting with its value; the password as written, as nginx -T shows secrets. */
    private void redis(RedisSettings redis) {
        out.append("  redis {\n");
        line(2, RedisSettingsReader.URI, quote(redis.uri()));
        line(2, RedisSettingsReader.CLUSTER, NginxValues.formatFlag(redis.cluster()));
        redis.user().ifPresent(u -> line(2, RedisSettingsReader.USER, quote(u)));
        redis.password().ifPresent(p -> line(2, RedisSettingsReader.PASSWORD, quote(p)));
        line(2, RedisSettingsReader.TIMEOUT, NginxValues.formatDuration(redis.timeout()));
        line(2, RedisSettingsReader.CONNECT_TIMEOUT, NginxValues.formatDuration(redis.connectTimeout()));
        line(2, RedisSettingsReader.KEY_PREFIX, quote(redis.keyPrefix()));
        redis.trustedCertificate().ifPresent(f -> line(2, RedisSettingsReader.SSL_TRUSTED_CERTIFICATE,
                quote(f.toString())));
        out.append("  }\n");
    }

    private void directives(int depth, ServerConfig server, boolean serverLevel) {
        EffectiveServerConfig effective = (EffectiveServerConfig) server;
        for (Directive d : effective.directives().values()) {
            Object value = effective.valueOrNull(d.name());
            if (value != null && (serverLevel ? !d.mailOnly() : !d.serverOnly())) {
                line(depth, d.name(), value(d, value));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static String value(Directive d, Object value) {
        return switch (d.type()) {
            case STRING -> quote((String) value);
            case STRING_LIST -> list((List<String>) value);
            case FLAG -> NginxValues.formatFlag((Boolean) value);
            case DURATION -> NginxValues.formatDuration((Duration) value);
            case SIZE -> NginxValues.formatSize((Long) value);
            case INTEGER -> value.toString();
            case OBJECT -> ((Map<String, String>) value).entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(e -> key(e.getKey()) + " = " + quote(e.getValue()))
                    .collect(Collectors.joining(", ", "{ ", " }"));
            case BLOCK -> ConfigValueFactory.fromAnyRef(value).render(ConfigRenderOptions.concise());
        };
    }

    private void line(int depth, String key, String value) {
        out.append("  ".repeat(depth)).append(key).append(" = ").append(value).append('\n');
    }

    private static String list(List<String> values) {
        return values.stream().map(ConfigRenderer::quote).collect(Collectors.joining(", ", "[", "]"));
    }

    /** A key as written by hand where HOCON allows it bare, quoted otherwise. */
    private static String key(String s) {
        return s.matches("[A-Za-z0-9_-]+") ? s : quote(s);
    }

    private static String quote(String s) {
        return ConfigUtil.quoteString(s);
    }
}
