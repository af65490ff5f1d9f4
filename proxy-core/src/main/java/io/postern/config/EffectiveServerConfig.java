package io.postern.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.postern.spi.Directive;
import io.postern.spi.Protocol;
import io.postern.spi.ServerConfig;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The effective directives of one server (its own values over the mail block's over the
 * defaults), or of the mail block itself. Values were checked when the configuration was
 * validated, so getters fail only for a directive nobody registered
 * ({@link IllegalArgumentException}), for the wrong getter ({@link IllegalArgumentException}),
 * or for a directive without a value and without a default ({@link IllegalStateException};
 * {@link #strings} and {@link #object} answer empty instead).
 *
 * <p>The mail level has the name {@code "mail"} and no protocol: {@link #protocol()} throws
 * {@link IllegalStateException} there, because every protocol's servers inherit from it.
 *
 * <p>Two instances are equal when they have the same name, protocol and values, wherever
 * the values were written.
 */
public final class EffectiveServerConfig implements ServerConfig {

    private final String name;
    private final Protocol protocol;
    private final Map<String, Directive> directives;
    private final Map<String, Setting> settings;
    /** {@link #hashCode()}, computed once (0 until then): caches keyed by a server's config hash it per session. */
    private int hash;

    EffectiveServerConfig(String name, Protocol protocol, Map<String, Directive> directives, Map<String, Setting> settings) {
        this.name = Objects.requireNonNull(name, "name");
        this.protocol = protocol;
        this.directives = Collections.unmodifiableMap(new LinkedHashMap<>(directives));
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    @Override
    public String name() {
        return name;
    }

    /** @throws IllegalStateException for the mail level, which has no protocol */
    @Override
    public Protocol protocol() {
        if (protocol == null) {
            throw new IllegalStateException("the mail block has no protocol");
        }
        return protocol;
    }

    @Override
    public boolean has(String directive) {
        declared(directive);
        return settings.containsKey(directive);
    }

    @Override
    public String string(String directive) {
        return value(directive, String.class);
    }

    @Override
    public Optional<String> optionalString(String directive) {
        return has(directive) ? Optional.of(string(directive)) : Optional.empty();
    }

    /** The list; a single-string directive answers a list of one, an unset one an empty list. */
    @Override
    @SuppressWarnings("unchecked")
    public List<String> strings(String directive) {
        if (!has(directive)) {
            return List.of();
        }
        Object v = settings.get(directive).value();
        return v instanceof String s ? List.of(s) : value(directive, List.class);
    }

    @Override
    public boolean flag(String directive) {
        return value(directive, Boolean.class);
    }

    @Override
    public Duration duration(String directive) {
        return value(directive, Duration.class);
    }

    @Override
    public long size(String directive) {
        return value(directive, Long.class);
    }

    @Override
    public long integer(String directive) {
        return value(directive, Long.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, String> object(String directive) {
        if (declared(directive).type() == io.postern.spi.DirectiveType.BLOCK) {
            throw new IllegalArgumentException("\"" + directive + "\" is BLOCK: read it with raw()");
        }
        return has(directive) ? value(directive, Map.class) : Map.of();
    }

    /** The values as written (their origins included), keyed by directive name. */
    @Override
    public Config raw() {
        Config config = ConfigFactory.empty();
        for (Map.Entry<String, Setting> e : settings.entrySet()) {
            config = config.withValue(e.getKey(), e.getValue().raw());
        }
        return config;
    }

    @Override
    public String origin(String directive) {
        declared(directive);
        Setting s = settings.get(directive);
        return s == null ? "default" : s.origin();
    }

    /** Registered directives in registration order, for rendering. */
    Map<String, Directive> directives() {
        return directives;
    }

    /** The normalized value, or {@code null} if unset. */
    Object valueOrNull(String directive) {
        Setting s = settings.get(directive);
        return s == null ? null : s.value();
    }

    private <T> T value(String directive, Class<T> type) {
        Directive d = declared(directive);
        Setting s = settings.get(directive);
        if (s == null) {
            throw new IllegalStateException("\"" + directive + "\" is not set for " + name + " and has no default");
        }
        if (!type.isInstance(s.value())) {
            throw new IllegalArgumentException("\"" + directive + "\" is " + d.type() + ", not " + type.getSimpleName());
        }
        return type.cast(s.value());
    }

    private Directive declared(String directive) {
        Directive d = directives.get(directive);
        if (d == null) {
            throw new IllegalArgumentException("unknown directive \"" + directive + "\"");
        }
        return d;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EffectiveServerConfig other && name.equals(other.name)
                && Objects.equals(protocol, other.protocol) && values().equals(other.values());
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Objects.hash(name, protocol, values());
            hash = h;
        }
        return h;
    }

    private Map<String, Object> values() {
        Map<String, Object> values = new LinkedHashMap<>();
        settings.forEach((k, v) -> values.put(k, v.value()));
        return values;
    }

    @Override
    public String toString() {
        return "EffectiveServerConfig[" + name + ", " + values().keySet() + "]";
    }
}
