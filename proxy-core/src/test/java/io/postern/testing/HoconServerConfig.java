package io.postern.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import io.postern.spi.Protocol;
import io.postern.spi.ServerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A {@link ServerConfig} over plain HOCON, for calling modules and handlers without the core's
 * config loader: values read the way the core presents a validated block (a single string where
 * a list is allowed, on/off flags, string-valued objects). Shared with the modules' tests
 * through proxy-core's test-jar.
 */
public record HoconServerConfig(String name, Protocol protocol, Config raw) implements ServerConfig {

    /** The mail level (named {@code mail}, IMAP) with {@code hocon} as its content. */
    public static HoconServerConfig mail(String hocon) {
        return new HoconServerConfig("mail", Protocol.IMAP, parse(hocon));
    }

    /** {@code hocon} as if it were the file {@code test.conf}, so origins read {@code test.conf:<line>}. */
    public static Config parse(String hocon) {
        return ConfigFactory.parseString(hocon, ConfigParseOptions.defaults().setOriginDescription(FILE));
    }

    /** The file name test HOCON pretends to come from. */
    public static final String FILE = "test.conf";

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
        if (!has(directive)) {
            return "default";
        }
        // file:line, as the core's own ServerConfig says it.
        ConfigOrigin origin = raw.getValue(directive).origin();
        String file = origin.filename() != null ? origin.filename() : origin.description().split(":")[0];
        return file + ":" + origin.lineNumber();
    }
}
