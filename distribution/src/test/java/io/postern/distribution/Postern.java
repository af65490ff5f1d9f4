package io.postern.distribution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the distribution's real {@code bin/postern}, as an operator would, and what it said. */
final class Postern {

    private static final long TIMEOUT_SECONDS = 60;

    /** The exit code and everything printed, stdout and stderr merged in order. */
    record Result(int exitCode, String output) {
    }

    private Postern() {
    }

    static Result run(String... args) {
        return run(Distribution.home().resolve("bin/postern"), args);
    }

    static Result run(Path launcher, String... args) {
        final List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // The JVM running the tests is a Java 17+ one; the launcher's PATH lookup is not tested here.
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("JAVA_OPTS");
        // Never from the repository's own directory, so nothing resolves against it by chance.
        builder.directory(Path.of(System.getProperty("java.io.tmpdir")).toFile());
        try {
            // Into a file rather than a pipe: a postern that never exits must not block the read,
            // or the timeout below could never fire.
            final Path output = java.nio.file.Files.createTempFile("postern-output", ".txt");
            builder.redirectOutput(output.toFile());
            final Process process = builder.start();
            process.getOutputStream().close();
            try {
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new AssertionError("postern " + String.join(" ", args) + " still running after "
                            + TIMEOUT_SECONDS + "s: " + java.nio.file.Files.readString(output, StandardCharsets.UTF_8));
                }
                return new Result(process.exitValue(), java.nio.file.Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                java.nio.file.Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
