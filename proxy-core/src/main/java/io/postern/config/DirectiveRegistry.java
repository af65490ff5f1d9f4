package io.postern.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.postern.spi.Directive;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Every directive Postern knows, with its owner (the core or a module) and its default, as
 * nginx modules register their command tables. Filled on the start-up thread before the
 * configuration is validated; not thread-safe.
 */
public final class DirectiveRegistry {

    /** Checks a value beyond its type, such as a lower bound; throws {@link IllegalArgumentException}. */
    @FunctionalInterface
    interface ValueCheck {
        void check(Object value, Object written);
    }

    /** Keys of the mail block that are blocks of their own, not directives. */
    private static final Set<String> RESERVED = Set.of("servers", "upstreams", "redis");

    private final Map<String, Directive> directives = new LinkedHashMap<>();
    private final Map<String, String> owners = new LinkedHashMap<>();
    /** Allowed words in the order error messages list them (a Directive keeps an unordered set). */
    private final Map<String, List<String>> allowedOrder = new LinkedHashMap<>();
    private final Map<String, ValueCheck> checks = new LinkedHashMap<>();
    private final Map<String, Setting> defaults = new LinkedHashMap<>();

    /**
     * Registers a directive.
     *
     * @throws IllegalStateException if another owner (or the same) registered the name already
     */
    public void register(String owner, Directive directive) {
        List<String> sorted = new ArrayList<>(directive.allowedValues());
        Collections.sort(sorted);
        register(owner, directive, sorted);
    }

    /** As {@link #register(String, Directive)}, listing the allowed words in the given order. */
    void register(String owner, Directive directive, List<String> order) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(directive, "directive");
        String name = directive.name();
        if (RESERVED.contains(name)) {
            throw new IllegalArgumentException("directive name: " + name + " (expected: not one of " + RESERVED + ")");
        }
        if (owners.containsKey(name)) {
            throw new IllegalStateException("directive \"" + name + "\" of \"" + owner
                    + "\" is already registered by \"" + owners.get(name) + "\"");
        }
        directives.put(name, directive);
        owners.put(name, owner);
        allowedOrder.put(name, List.copyOf(order));
    }

    /** Adds a check beyond the directive's type (a range, a syntax). */
    void addCheck(String name, ValueCheck check) {
        checks.put(name, check);
    }

    /**
     * Takes the owner's defaults from its {@code reference.conf}: the keys under {@code mail}.
     *
     * @throws IllegalStateException if a key there is not a directive of this owner, or its
     *     value does not fit the directive
     */
    public void addDefaults(String owner, Config referenceConf) {
        Objects.requireNonNull(owner, "owner");
        if (!referenceConf.hasPath("mail")) {
            return;
        }
        ConfigObject mail = referenceConf.getObject("mail");
        for (Map.Entry<String, ConfigValue> e : mail.entrySet()) {
            String name = e.getKey();
            if (!owner.equals(owners.get(name))) {
                throw new IllegalStateException("the defaults of \"" + owner + "\" set mail." + name
                        + ", which is not a directive of \"" + owner + "\"");
            }
            try {
                defaults.put(name, Setting.byDefault(normalize(name, e.getValue()), e.getValue()));
            } catch (IllegalArgumentException ex) {
                throw new IllegalStateException("the defaults of \"" + owner + "\": mail." + name + ": " + ex.getMessage(), ex);
            }
        }
    }

    /** The directive of that name, if any owner registered it. */
    public Optional<Directive> directive(String name) {
        return Optional.ofNullable(directives.get(name));
    }

    /** The owner of a registered directive ({@code "core"} or a module name), or {@code null}. */
    public String owner(String name) {
        return owners.get(name);
    }

    /** Every directive, in registration order (the core's first). */
    public List<Directive> directives() {
        return List.copyOf(directives.values());
    }

    Map<String, Directive> directiveMap() {
        return Collections.unmodifiableMap(directives);
    }

    Map<String, Setting> defaults() {
        return Collections.unmodifiableMap(defaults);
    }

    /** A registered name within edit distance 2 of an unknown one, for "did you mean". */
    Optional<String> suggest(String unknown) {
        String best = null;
        int bestDistance = 3;
        for (String name : directives.keySet()) {
            int d = EditDistance.between(unknown, name);
            if (d < bestDistance) {
                best = name;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Checks a written value against its directive and returns it normalized (see
     * {@link Setting#value()}).
     *
     * @throws IllegalArgumentException {@code <value> (expected: ...)}
     */
    Object normalize(String name, ConfigValue written) {
        Directive d = directives.get(name);
        if (written.valueType() == ConfigValueType.NULL) {
            throw NginxValues.invalid(null, d.type());
        }
        Object raw = written.unwrapped();
        Object value = typed(d, raw);
        ValueCheck check = checks.get(name);
        if (check != null) {
            check.check(value, raw);
        }
        return value;
    }

    private Object typed(Directive d, Object raw) {
        List<String> allowed = allowedOrder.get(d.name());
        return switch (d.type()) {
            case STRING -> allowed.isEmpty() ? NginxValues.string(raw) : NginxValues.oneOf(NginxValues.string(raw), allowed);
            case STRING_LIST -> allowed.isEmpty() ? NginxValues.stringList(raw)
                    : NginxValues.stringList(raw).stream().map(w -> NginxValues.oneOf(w, allowed)).toList();
            case FLAG -> NginxValues.flag(raw);
            case DURATION -> NginxValues.duration(raw);
            case SIZE -> NginxValues.size(raw);
            case INTEGER -> NginxValues.integer(raw);
            case OBJECT -> NginxValues.object(raw);
            case BLOCK -> NginxValues.block(raw);
        };
    }

    /** A check that a size or integer is at least {@code min} and fits an {@code int}. */
    static ValueCheck atLeast(long min, String expected) {
        return (value, written) -> {
            long v = (Long) value;
            if (v < min || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(NginxValues.quote(written) + " (expected: " + expected + ")");
            }
        };
    }

    /** A check that a duration is longer than zero. */
    static ValueCheck positive() {
        return (value, written) -> {
            if (((Duration) value).isZero()) {
                throw new IllegalArgumentException(NginxValues.quote(written) + " (expected: > 0)");
            }
        };
    }
}
