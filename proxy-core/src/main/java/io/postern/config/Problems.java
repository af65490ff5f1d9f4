package io.postern.config;

import com.typesafe.config.ConfigOrigin;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects problems during one pass. A set, because a bad value at mail level would
 * otherwise be reported again for every server inheriting it.
 */
final class Problems {

    private final Set<ConfigProblem> problems = new LinkedHashSet<>();

    void add(ConfigOrigin origin, String message) {
        problems.add(new ConfigProblem(fileOf(origin), origin == null ? -1 : origin.lineNumber(), message));
    }

    void add(String file, int line, String message) {
        problems.add(new ConfigProblem(file, line, message));
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    void throwIfAny() throws ConfigException {
        if (problems.isEmpty()) {
            return;
        }
        List<ConfigProblem> sorted = new ArrayList<>(problems);
        // Stable sort: problems on the same line keep the order they were found in.
        sorted.sort(Comparator.comparing((ConfigProblem p) -> p.file() == null ? "" : p.file())
                .thenComparingInt(ConfigProblem::line));
        throw new ConfigException(sorted);
    }

    /** The file an origin names; a resource (a module's defaults) has no file name. */
    static String fileOf(ConfigOrigin origin) {
        if (origin == null) {
            return null;
        }
        return origin.filename() != null ? origin.filename() : origin.description();
    }
}
