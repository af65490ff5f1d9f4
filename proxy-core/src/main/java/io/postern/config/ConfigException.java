package io.postern.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The configuration cannot be used. Carries every problem found in one pass, so an operator
 * fixes them all before the next {@code postern -t}; the message lists one per line.
 */
public final class ConfigException extends Exception {

    private final List<ConfigProblem> problems;

    /** @param problems at least one problem */
    public ConfigException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems: [] (expected: at least one)");
        }
        this.problems = List.copyOf(problems);
    }

    /** A single problem. */
    static ConfigException of(String file, int line, String message) {
        return new ConfigException(List.of(new ConfigProblem(file, line, message)));
    }

    /** A problem with the configuration as a whole (no line), such as a module refusing its settings. */
    public static ConfigException of(java.nio.file.Path file, String message) {
        return of(file.toString(), 0, message);
    }

    /**
     * A problem at an origin the core made ({@code ServerConfig.origin}: {@code file:line},
     * {@code file} or {@code "default"}); without a file, the problem is {@code file}'s.
     */
    public static ConfigException at(java.nio.file.Path file, String origin, String message) {
        return new ConfigException(List.of(problemAt(file, origin, message)));
    }

    /** {@link #at(java.nio.file.Path, String, String)}'s problem. */
    public static ConfigProblem problemAt(java.nio.file.Path file, String origin, String message) {
        int colon = origin.lastIndexOf(':');
        if (colon > 0 && colon < origin.length() - 1 && origin.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            return new ConfigProblem(origin.substring(0, colon), Integer.parseInt(origin.substring(colon + 1)), message);
        }
        return new ConfigProblem(origin.equals("default") ? file.toString() : origin, 0, message);
    }

    /** A problem with the value at {@code path} of the parsed file, at its line; the file's otherwise. */
    public static ConfigException at(java.nio.file.Path file, com.typesafe.config.Config root, String path,
                                     String message) {
        if (root.hasPathOrNull(path)) {
            com.typesafe.config.ConfigOrigin origin = root.getValue(path).origin();
            String name = Problems.fileOf(origin);
            return of(name != null ? name : file.toString(), origin.lineNumber(), message);
        }
        return of(file, message);
    }

    /** The problems, in the order of the files and lines they were found at. */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
