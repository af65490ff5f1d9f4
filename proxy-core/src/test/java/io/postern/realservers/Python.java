package io.postern.realservers;

import io.postern.testing.upstreams.RealServers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code mail_clients.py} (beside this class) with the machine's {@code python3}: Python's
 * imaplib, poplib and smtplib as independent real clients. Without python3 the calling test
 * is skipped with a message, or fails where real servers are required.
 */
final class Python {

    private static final String SCRIPT = "mail_clients.py";

    private Python() {
    }

    /** Runs the script with {@code args}; returns its output, failing with it on a non-zero exit. */
    static String run(Path dir, String... args) throws IOException, InterruptedException {
        Path script = dir.resolve(SCRIPT);
        if (!Files.exists(script)) {
            try (InputStream in = Python.class.getResourceAsStream(SCRIPT)) {
                Files.copy(in, script);
            }
        }
        List<String> command = new ArrayList<>(List.of(python(), script.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("python3 " + String.join(" ", args) + " did not finish:\n" + output);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("python3 " + SCRIPT + " " + args[0] + " failed (exit " + process.exitValue()
                    + "):\n" + output);
        }
        return output;
    }

    private static String python() throws IOException, InterruptedException {
        try {
            Process probe = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            if (probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                return "python3";
            }
        } catch (IOException e) {
            // not on the PATH: reported below
        }
        throw RealServers.unavailable("python3 is not installed (apt-get install python3): "
                + "the imaplib/poplib/smtplib tests need it");
    }
}
