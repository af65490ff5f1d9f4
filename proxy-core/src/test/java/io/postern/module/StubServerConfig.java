package io.postern.module;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.postern.spi.Protocol;
import io.postern.spi.ServerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** A {@link ServerConfig} over a plain HOCON object, enough for modules configured in these tests. */
record StubServerConfig(String name, Protocol protocol, Config raw) implements ServerConfig {

    static StubServerConfig mail(String hocon) {
        return new StubServerConfig("mail", Protocol.IMAP, ConfigFactory.parseString(hocon));
    }

    @Override
    public boolean has(String directive) {
        return raw.hasPath(directive);
    }

    @Override
    public String string(String directive) {
        return raw.getString(directive);
    }

    @Override
    public Optional<String> optionalString(String directive) {
        return has(directive) ? Optional.of(string(directive)) : Optional.empty();
    }

    @Override
    public List<String> strings(String directive) {
        return raw.getStringList(directive);
    }

    @Override
    public boolean flag(String directive) {
        return raw.getBoolean(directive);
    }

    @Override
    public Duration duration(String directive) {
        return raw.getDuration(directive);
    }

    @Override
    public long size(String directive) {
        return raw.getBytes(directive);
    }

    @Override
    public long integer(String directive) {
        return raw.getLong(directive);
    }

    @Override
    public Map<String, String> object(String directive) {
        return raw.getConfig(directive).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue().unwrapped())));
    }

    @Override
    public String origin(String directive) {
        return raw.getValue(directive).origin().description();
    }
}
