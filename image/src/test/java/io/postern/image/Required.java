package io.postern.image;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs (the image, root): without it the test is skipped on a developer's
 * machine but fails under CI, as the real-server and Debian package tests do.
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
}
