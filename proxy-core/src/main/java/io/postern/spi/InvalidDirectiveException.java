package io.postern.spi;

import java.util.Objects;

/**
 * A directive whose value has the right type but cannot be used, thrown by a module's
 * {@code configure}. Made by {@link ServerConfig#invalid}, it knows where the value was written,
 * so Postern reports it once, with the file and line in front:
 * {@code postern.conf:12: auth_cache_size: 0 (expected: >= 1)}. Added in SPI 1.4.
 */
public final class InvalidDirectiveException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String directive;
    private final String origin;

    /**
     * @param directive the directive's name
     * @param origin where its value was written, as {@link ServerConfig#origin} gives it
     * @param problem the value and what was expected, without the directive's name or any file
     *     and line: {@code "0 (expected: >= 1)"}
     */
    public InvalidDirectiveException(String directive, String origin, String problem) {
        super(Objects.requireNonNull(directive, "directive") + ": " + Objects.requireNonNull(problem, "problem"));
        this.directive = directive;
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    /** The directive's name. */
    public String directive() {
        return directive;
    }

    /** Where the value was written ({@code file:line}), or {@code "default"}. */
    public String origin() {
        return origin;
    }
}
