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
 */
public record Directive(String name, DirectiveType type, Set<String> allowedValues, boolean serverOnly) {

    public Directive {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        allowedValues = Set.copyOf(allowedValues);
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("directive name: " + name + " (expected: [a-z][a-z0-9_]*)");
        }
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
