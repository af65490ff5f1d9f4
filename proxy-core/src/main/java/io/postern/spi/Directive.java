package io.postern.spi;

import java.util.Objects;
import java.util.Set;

/**
 * A configuration directive, declared by its owner the way nginx modules declare their
 * command tables: the name, the form its value takes, and, for a closed set of words, the
 * words allowed. Directives may be set in the {@code mail} block (inherited by every server)
 * or in a server block.
 *
 * @param name the key, with nginx's spelling ({@code auth_http_timeout})
 * @param type the form of the value, checked before any module is configured
 * @param allowedValues for {@link DirectiveType#STRING} and {@link DirectiveType#STRING_LIST},
 *     the words allowed (compared case-insensitively); empty means any
 * @param serverOnly {@code true} for a directive that only makes sense in a server block
 *     ({@code listen}, {@code protocol})
 * @param mailOnly {@code true} for a directive that only makes sense in the {@code mail} block,
 *     because it configures something the whole process shares (a writer thread, an HTTP
 *     endpoint, an embedded server): written in a server block, it is a configuration error
 *     naming the file and line, reported by {@code postern -t} too. Added in SPI 1.4.
 */
public record Directive(String name, DirectiveType type, Set<String> allowedValues, boolean serverOnly,
                        boolean mailOnly) {

    public Directive {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        allowedValues = Set.copyOf(allowedValues);
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("directive name: " + name + " (expected: [a-z][a-z0-9_]*)");
        }
        if (serverOnly && mailOnly) {
            throw new IllegalArgumentException("directive " + name + ": serverOnly and mailOnly (expected: one at most)");
        }
    }

    /** A directive valid at mail level, and in a server block unless {@code serverOnly}: SPI 1.0 to 1.3's form. */
    public Directive(String name, DirectiveType type, Set<String> allowedValues, boolean serverOnly) {
        this(name, type, allowedValues, serverOnly, false);
    }

    /**
     * This directive, allowed in the {@code mail} block only:
     * {@code Directive.of("metrics_listen", DirectiveType.STRING).mailBlockOnly()}. Added in SPI 1.4.
     */
    public Directive mailBlockOnly() {
        return new Directive(name, type, allowedValues, false, true);
    }

    /** A directive valid at mail and server level, with any value of the given type. */
    public static Directive of(String name, DirectiveType type) {
        return new Directive(name, type, Set.of(), false);
    }

    /** A word (or list of words) directive limited to the given words. */
    public static Directive oneOf(String name, DirectiveType type, String... allowed) {
        return new Directive(name, type, Set.of(allowed), false);
    }
}
