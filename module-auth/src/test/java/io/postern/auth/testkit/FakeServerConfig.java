package io.postern.auth.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.postern.spi.Protocol;
import io.postern.spi.ServerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A server block for calling module-auth's handlers without the core: plain HOCON, read the
 * way the core presents a validated block (a single string where a list is allowed, on/off
 * flags, string-valued objects).
 */
public record FakeServerConfig(String name, Protocol protocol, Config raw) implements ServerConfig {

    /** Server {@code name} with {@code hocon} over module-auth's defaults (its reference.conf). */
    public static FakeServerConfig of(String name, String hocon) {
        Config defaults = ConfigFactory.parseResources(FakeServerConfig.class.getClassLoader(), "reference.conf")
                .getConfig("mail");
        return new FakeServerConfig(name, Protocol.IMAP, ConfigFactory.parseString(hocon).withFallback(defaults).resolve());
    }

    /** An IMAP server named {@code imap}. */
    public static FakeServerConfig of(String hocon) {
        return of("imap", hocon);
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
        return raw.getValue(directive).unwrapped() instanceof String s ? List.of(s) : raw.getStringList(directive);
    }

    @Override
    public boolean flag(String directive) {
        return raw.getString(directive).equals("on") || raw.getString(directive).equals("true");
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
        return has(directive) ? raw.getObject(directive).unwrapped().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue()))) : Map.of();
    }

    @Override
    public String origin(String directive) {
        return has(directive) ? raw.getValue(directive).origin().description() : "default";
    }
}
