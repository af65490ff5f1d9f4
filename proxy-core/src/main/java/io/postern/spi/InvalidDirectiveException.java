package io.postern.spi;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A directive whose value has the right type but cannot be used, thrown by a module's
 * {@code configure}. It knows where each problem was written, so Postern reports each once,
 * with the file and line in front: {@code postern.conf:12: auth_cache_size: 0 (expected: >= 1)}.
 * Make one with {@link ServerConfig#invalid}; a block directive whose content has several
 * problems, each at its own line, lists them all ({@link #InvalidDirectiveException(String, List)}).
 * Added in SPI 1.4.
 */
public final class InvalidDirectiveException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * One problem and where it was written.
     *
     * @param origin {@code file:line}, as {@link ServerConfig#origin} or a value's own
     *     {@code origin()} gives it, or {@code "default"} when it was not written in a file
     * @param message what is wrong, naming the key and what was expected, without any file or line
     */
    public record Problem(String origin, String message) {
        public Problem {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(message, "message");
        }
    }

    private final String directive;
    private final transient List<Problem> problems;

    /**
     * One problem; the message is the problem alone ({@code auth_cache_size: 0 (expected: >= 1)}),
     * Postern puts the origin in front.
     *
     * @param directive the directive's name
     * @param origin where its value was written, as {@link ServerConfig#origin} gives it
     * @param problem the value and what was expected, without the directive's name or any file
     *     and line: {@code "0 (expected: >= 1)"}
     */
    public InvalidDirectiveException(String directive, String origin, String problem) {
        this(directive, Objects.requireNonNull(directive, "directive") + ": " + Objects.requireNonNull(problem, "problem"),
                List.of(new Problem(origin, directive + ": " + problem)));
    }

    /**
     * Every problem found in one directive's value, each where it was written. The message
     * lists them one per line, each after its origin.
     *
     * @param problems at least one
     */
    public InvalidDirectiveException(String directive, List<Problem> problems) {
        this(directive, render(problems), problems);
    }

    private InvalidDirectiveException(String directive, String message, List<Problem> problems) {
        super(message);
        this.directive = Objects.requireNonNull(directive, "directive");
        this.problems = List.copyOf(problems);
    }

    private static String render(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems: [] (expected: at least one)");
        }
        return problems.stream().map(p -> p.origin().equals("default") ? p.message() : p.origin() + ": " + p.message())
                .collect(Collectors.joining("\n"));
    }

    /** The directive's name. */
    public String directive() {
        return directive;
    }

    /** The problems, each with its origin. */
    public List<Problem> problems() {
        return problems;
    }

    /** Where the (first) problem was written ({@code file:line}), or {@code "default"}. */
    public String origin() {
        return problems.get(0).origin();
    }

    /** The (first) problem without its origin: {@code auth_cache_size: 0 (expected: >= 1)}. */
    public String problem() {
        return problems.get(0).message();
    }
}
