package io.postern.module;

import java.util.List;
import java.util.Objects;

/**
 * Start-up cannot go on because one or more modules could not be loaded. Carries every
 * problem found, not just the first, so an operator fixes the {@code modules/} directory in
 * one go; each problem names its jar or class-path location.
 */
public final class ModuleLoadException extends Exception {

    private final List<String> problems;

    /**
     * @param problems at least one, each naming its source
     * @param causes exceptions behind some of the problems, kept as suppressed for the stack traces
     */
    /** One problem, one line. */
    public static ModuleLoadException of(String problem, Throwable cause) {
        return new ModuleLoadException(List.of(problem), List.of(cause));
    }

    ModuleLoadException(List<String> problems, List<Throwable> causes) {
        super(message(problems));
        this.problems = List.copyOf(problems);
        causes.forEach(this::addSuppressed);
    }

    private static String message(List<String> problems) {
        Objects.requireNonNull(problems, "problems");
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems: empty (expected: at least one)");
        }
        if (problems.size() == 1) {
            return problems.get(0);
        }
        return problems.size() + " modules could not be loaded:\n  " + String.join("\n  ", problems);
    }

    /** Every problem found, in discovery order, each naming its jar or location. */
    public List<String> problems() {
        return problems;
    }
}
