package io.postern.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each way the packaged {@code bin/postern} can fail to start says so in one
 * {@code postern: [emerg]} line with the cause, no stack trace and no Logback report, and
 * exits 1: a port taken (the sandbox's too), a privileged port without the capability, a log
 * directory it cannot write, no Java.
 */
class StartupFailuresIT {

    private static final int NOBODY = 65534;

    @TempDir
    Path dir;

    @Test
    void aTakenPortIsOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Result result = run(List.of(launcher().toString(), "-c", config("""
                    mail { servers { imap { protocol = imap, listen = "127.0.0.1:%d" } } }
                    """.formatted(taken.getLocalPort())).toString()), Map.of());

            assertOneEmergLine(result, "postern: [emerg] bind() to 127.0.0.1:" + taken.getLocalPort()
                    + " failed (98: Address already in use)");
        }
    }

    @Test
    void aTakenSandboxPortIsOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            // The shipped configuration, with the sandbox's IMAP port on the taken one (and the
            // users file it names beside it).
            Files.copy(Distribution.home().resolve("conf/users"), dir.resolve("users"));
            Path config = Files.writeString(dir.resolve("shipped.conf"), """
                    include file("%s")
                    pid = "%s"
                    mail.sandbox_imap_port = %d
                    """.formatted(Distribution.home().resolve("conf/postern.conf"), dir.resolve("postern.pid"),
                    taken.getLocalPort()));

            Result result = run(List.of(launcher().toString(), "-c", config.toString()), Map.of());

            assertOneEmergLine(result, "sandbox: bind() to 127.0.0.1:" + taken.getLocalPort()
                    + " failed (Address already in use): free the port, choose another with sandbox_imap_port,"
                    + " or set sandbox = off");
        }
    }

    @Test
    void aPrivilegedPortWithoutTheCapabilityIsOneLineWithTheHint() throws Exception {
        assumeThat(Files.readString(Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start")).trim())
                .as("ports below 1024 are privileged here").isEqualTo("1024");
        Path home = copyOfTheDistribution(true);
        Result result = runAsNobody(List.of(home.resolve("bin/postern").toString(), "-c", config("""
                mail { servers { imap { protocol = imap, listen = "127.0.0.1:143" } } }
                """).toString()));

        assertOneEmergLine(result, "postern: [emerg] bind() to 127.0.0.1:143 failed (13: Permission denied): ports "
                + "below 1024 need root or the capability CAP_NET_BIND_SERVICE (the systemd unit's "
                + "AmbientCapabilities=CAP_NET_BIND_SERVICE, or setcap cap_net_bind_service=+ep on the java binary)");
    }

    @Test
    void aLogDirectoryItCannotWriteIsOneLineEvenForDashT() throws Exception {
        Path home = copyOfTheDistribution(false);
        String config = config("""
                mail { servers { imap { protocol = imap, listen = "127.0.0.1:0" } } }
                """).toString();

        Result test = runAsNobody(List.of(home.resolve("bin/postern").toString(), "-t", "-c", config));
        Result serve = runAsNobody(List.of(home.resolve("bin/postern").toString(), "-c", config));

        String line = "postern: [emerg] open() \"" + home.resolve("logs/postern.log") + "\" failed (Permission "
                + "denied): the log files of logback.xml must be writable by the user postern runs as";
        assertThat(test.exitCode()).as(test.output()).isEqualTo(1);
        assertThat(test.output()).isEqualTo(line + "\npostern: configuration file " + config + " test failed\n");
        assertOneEmergLine(serve, line);
    }

    @Test
    void noJavaIsOneLine() throws Exception {
        // A PATH with the tools the script uses, and no java.
        Path bin = Files.createDirectories(dir.resolve("tools"));
        for (String tool : new String[] {"dirname", "ls", "sed", "head"}) {
            Path found = Path.of("/usr/bin", tool);
            Files.createSymbolicLink(bin.resolve(tool), Files.exists(found) ? found : Path.of("/bin", tool));
        }
        Result result = run(List.of("/bin/sh", launcher().toString(), "-t"),
                Map.of("PATH", bin.toString(), "JAVA_HOME", dir.resolve("no-such-java").toString()));

        assertOneEmergLine(result, "postern: [emerg] no Java 17 or newer found (set JAVA_HOME, or put java on the PATH)");
    }

    private static void assertOneEmergLine(Result result, String line) {
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        List<String> emerg = result.output().lines().filter(l -> l.contains("[emerg]")).toList();
        assertThat(emerg).as(result.output()).hasSize(1);
        assertThat(emerg.get(0)).endsWith(line);
        assertThat(result.output()).as("no stack trace, no Logback report")
                .doesNotContain("\tat ").doesNotContain("Exception in thread").doesNotContain("|-ERROR");
    }

    private static Path launcher() {
        return Distribution.home().resolve("bin/postern");
    }

    private Path config(String mail) throws IOException {
        Files.createDirectories(dir.resolve("modules"));
        Path config = dir.resolve("postern.conf");
        Files.writeString(config, """
                modules_dir = "%s"
                pid = "%s"
                %s""".formatted(dir.resolve("modules"), dir.resolve("postern.pid"), mail), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return config;
    }

    /**
     * The distribution copied into the temporary directory, owned by nobody, so that it can be
     * run without root; its logs/ stays root's, and writable by nobody only if asked.
     */
    private Path copyOfTheDistribution(boolean writableLogs) throws Exception {
        assumeThat(System.getProperty("user.name")).as("running as root, to run postern as another user")
                .isEqualTo("root");
        Path home = dir.resolve("postern");
        exec(List.of("cp", "-r", Distribution.home().toString(), home.toString()));
        exec(List.of("rm", "-f", home.resolve("logs/postern.log").toString()));
        exec(List.of("chmod", "-R", "a+rX", home.toString()));
        exec(List.of("chmod", writableLogs ? "0777" : "0755", home.resolve("logs").toString()));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private Result runAsNobody(List<String> command) throws Exception {
        List<String> all = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                "--clear-groups"));
        all.addAll(command);
        return run(all, Map.of());
    }

    private static void exec(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0).as(command.toString()).isTrue();
    }

    private record Result(int exitCode, String output) {
    }

    private Result run(List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("JAVA_OPTS");
        builder.environment().putAll(environment);
        builder.directory(dir.toFile());
        Path output = Files.createTempFile("postern-output", ".txt");
        builder.redirectOutput(output.toFile());
        Process process = builder.start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(command + " still running: " + Files.readString(output));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
