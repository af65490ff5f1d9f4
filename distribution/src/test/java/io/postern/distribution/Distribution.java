package io.postern.distribution;

import java.nio.file.Path;

/** Where the build put the distribution under test, and the version it was built as. */
final class Distribution {

    private Distribution() {
    }

    /** {@code target/postern}, as failsafe tells it; the prefix of the installed Postern. */
    static Path home() {
        return Path.of(System.getProperty("postern.home", "target/postern")).toAbsolutePath();
    }

    /** The Maven project version, which {@code postern -v} must print. */
    static String version() {
        return System.getProperty("postern.version", "0.1.0-SNAPSHOT");
    }

    static Path tarball() {
        return home().resolveSibling("postern.tar.gz");
    }
}
