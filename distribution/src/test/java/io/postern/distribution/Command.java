package io.postern.distribution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A system command (dpkg, logrotate, systemd-analyze...) run to its end, and what it said. */
final class Command {

    private static final long TIMEOUT_SECONDS = 120;

    /** The exit code and everything printed, stdout and stderr merged in order. */
    record Result(int exitCode, String output) {
        Result ok() {
            if (exitCode != 0) {
                throw new AssertionError("exit code " + exitCode + ": " + output);
            }
            return this;
        }
    }

    private Command() {
    }

    static Result run(String... command) {
        return run(List.of(command));
    }

    static Result run(List<String> command) {
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        builder.environment().put("LC_ALL", "C");
        builder.directory(Path.of(System.getProperty("java.io.tmpdir")).toFile());
        try {
            // Into a file rather than a pipe, so a command that hangs cannot block the read.
            final Path output = Files.createTempFile("command-output", ".txt");
            try {
                final Process process = builder.redirectOutput(output.toFile()).start();
                process.getOutputStream().close();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new AssertionError(String.join(" ", command) + " still running after " + TIMEOUT_SECONDS
                            + "s: " + Files.readString(output, StandardCharsets.UTF_8));
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Whether {@code name} is an executable on the PATH. */
    static boolean exists(String name) {
        return run("sh", "-c", "command -v " + name).exitCode() == 0;
    }
}
