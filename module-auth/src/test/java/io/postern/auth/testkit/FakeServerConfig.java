package io.postern.auth.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.postern.spi.Protocol;
import io.postern.spi.ServerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A server block made of module-auth's defaults (its reference.conf) and the given HOCON. */
public final class FakeServerConfig implements ServerConfig {

    private final String name;
    private final Config config;

    private FakeServerConfig(String name, Config config) {
        this.name = name;
        this.config = config;
    }

    /** Server {@code name} with {@code hocon} over the module's defaults. */
    public static FakeServerConfig of(String name, String hocon) {
        Config defaults = ConfigFactory.parseResources(FakeServerConfig.class.getClassLoader(), "reference.conf")
                .getConfig("mail");
        return new FakeServerConfig(name, ConfigFactory.parseString(hocon).withFallback(defaults).resolve());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Protocol protocol() {
        return Protocol.IMAP;
    }

    @Override
    public boolean has(String directive) {
        return config.hasPath(directive);
    }

    @Override
    public String string(String directive) {
        return config.getString(directive);
    }

    @Override
    public Optional<String> optionalString(String directive) {
        return has(directive) ? Optional.of(string(directive)) : Optional.empty();
    }

    @Override
    public List<String> strings(String directive) {
        return config.getStringList(directive);
    }

    @Override
    public boolean flag(String directive) {
        return config.getBoolean(directive);
    }

    @Override
    public Duration duration(String directive) {
        return config.getDuration(directive);
    }

    @Override
    public long size(String directive) {
        return config.getBytes(directive);
    }

    @Override
    public long integer(String directive) {
        return config.getLong(directive);
    }

    @Override
    public Map<String, String> object(String directive) {
        return Map.of();
    }

    @Override
    public Config raw() {
        return config;
    }

    @Override
    public String origin(String directive) {
        return "test.conf:1";
    }
}
