package io.postern.distribution;

import org.junit.jupiter.api.Assumptions;

/**
 * A tool or privilege a test needs (dpkg, root): without it the test is skipped on a
 * developer's machine but fails under CI, as the real-server tests do, so that CI can never
 * pass by skipping the package's installation silently.
 */
final class Required {

    private Required() {
    }

    /** Skips the calling test, or fails it when CI is set; never returns normally. */
    static RuntimeException unavailable(String message) {
        final String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
            throw new IllegalStateException(message + " [required here: CI is set, so this fails instead of being skipped]");
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    static void command(String name, String installHint) {
        if (!Command.exists(name)) {
            throw unavailable(name + " is not installed (" + installHint + ")");
        }
    }

    static boolean root() {
        return "0".equals(Command.run("id", "-u").output().trim());
    }
}
