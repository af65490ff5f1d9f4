package io.postern.config;

import io.postern.spi.ServerConfig;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A valid configuration: the process settings, the mail block's effective directives, every
 * server in file order, and the upstream pools.
 *
 * @param file the main configuration file, absolute
 * @param prefix the directory relative paths are resolved against, absolute
 * @param process the top-level settings
 * @param mail the mail level's effective directives (its {@code protocol()} throws)
 * @param servers the servers, in the order of the file
 * @param upstreams the pools of {@code mail.upstreams}, by name, in the order of the file
 * @param redis the {@code mail.redis} block, empty when there is none
 */
public record PosternConfig(Path file, Path prefix, ProcessSettings process, ServerConfig mail,
        List<ServerSettings> servers, Map<String, UpstreamPool> upstreams,
        Optional<RedisSettings> redis) {

    public PosternConfig {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(mail, "mail");
        servers = List.copyOf(servers);
        upstreams = Collections.unmodifiableMap(new LinkedHashMap<>(upstreams));
        Objects.requireNonNull(redis, "redis");
    }

    /** A configuration without {@code mail.redis}. */
    public PosternConfig(Path file, Path prefix, ProcessSettings process, ServerConfig mail,
                         List<ServerSettings> servers, Map<String, UpstreamPool> upstreams) {
        this(file, prefix, process, mail, servers, upstreams, Optional.empty());
    }

    /**
     * The effective configuration for {@code postern -T}: process settings and every
     * directive of every server (core and modules), in nginx's forms, as HOCON that loads
     * back to the same settings.
     */
    public String render() {
        return new ConfigRenderer(this).render();
    }
}
