package io.postern.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a third party does with the distribution's {@code sdk/}, end to end: the example module
 * project ({@code examples/module-example}), copied out of this repository, is built against
 * the SDK alone ({@code sdk/install.sh} into a throwaway local repository, then
 * {@code mvn package} there); its jar, dropped into a copy of the packaged distribution's
 * {@code modules/}, logs a user in, refuses a protected mailbox's DELETE and writes its line
 * when the session ends.
 *
 * <p>The throwaway repository takes Maven's plugins from this build's local repository, read as
 * a remote one: no network, nothing written outside the temporary directory, and none of the
 * reactor's own artifacts (io.postern:*) can be found there by accident, since the reactor
 * never installs them.
 */
class ExampleModuleIT {

    private static final Pattern LISTENING = Pattern.compile(
            "server \"imap\" \\(imap\\) listening on 127\\.0\\.0\\.1:(\\d+)");
    // printf %s demo | sha256sum
    private static final String DEMO_SHA256 = "2a97516c354b68848cdbd8f54a226a0a55b21ed138e207ad6c5cbb9c00aa5aea";

    @TempDir
    Path dir;

    @Test
    void theExampleModuleBuiltFromTheSdkAloneAuthenticatesFiltersAndListens() throws Exception {
        Path jar = buildExampleAgainstTheSdk();
        Path home = copyOfTheDistribution();
        Files.copy(jar, home.resolve("modules").resolve(jar.getFileName()));

        Path output = dir.resolve("output.txt");
        Process process = new ProcessBuilder(home.resolve("bin/postern").toString(), "-c", writeConfig().toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            int port = Integer.parseInt(awaitOutput(output, LISTENING.pattern()).group(1));
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                socket.setSoTimeout(10_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII));
                OutputStream out = socket.getOutputStream();
                assertThat(in.readLine()).startsWith("* OK");

                send(out, "a LOGIN demo@localhost demo");
                assertThat(untilTagged(in, "a")).startsWith("a OK");
                send(out, "b DELETE Archive");
                assertThat(untilTagged(in, "b")).as(Files.readString(output)).isEqualTo("b NO [CANNOT] Archive is protected");
                send(out, "c LOGOUT");
                assertThat(untilTagged(in, "c")).startsWith("c OK");
            }
            awaitOutput(output, "example: IMAP session of demo@localhost from 127\\.0\\.0\\.1 ended");
            // The start-up report: the version, the jar's checksum, the SPI it was built for.
            assertThat(Files.readString(output)).containsPattern("module example 1\\.0\\.0 \\(\\S+/modules/"
                    + "module-example-1\\.0\\.0\\.jar, sha256 [0-9a-f]{12}, SPI 1\\.4\\): auth \\[example_users\\]");
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
            process.destroyForcibly();
        }
    }

    /** sdk/install.sh, then the example's own build, in a temporary local repository. */
    private Path buildExampleAgainstTheSdk() throws Exception {
        Path project = dir.resolve("module-example");
        copyTree(Path.of(System.getProperty("postern.examples", "../examples")).resolve("module-example"), project);
        Path repository = dir.resolve("repository");
        Path settings = Files.writeString(dir.resolve("settings.xml"), seededSettings());
        String maven = System.getProperty("postern.maven", "mvn");

        List<String> install = new ArrayList<>(List.of(Distribution.home().resolve("sdk/install.sh").toString(),
                "-s", settings.toString(), "-Dmaven.repo.local=" + repository));
        run(project, install, maven);
        run(project, List.of(maven, "-B", "-q", "-s", settings.toString(), "-Dmaven.repo.local=" + repository,
                "-Dpostern.version=" + Distribution.version(), "package"), maven);
        Path jar = project.resolve("target/module-example-1.0.0.jar");
        assertThat(jar).isRegularFile();
        return jar;
    }

    /**
     * A settings file whose only repository besides Maven Central is this build's local
     * repository, so the example's plugins come from there (Central only for what a clean
     * machine's build has not fetched yet).
     */
    private static String seededSettings() {
        Path local = Path.of(System.getProperty("postern.localRepository",
                System.getProperty("user.home") + "/.m2/repository"));
        String url = local.toUri().toString();
        return """
                <settings>
                  <profiles>
                    <profile>
                      <id>seed</id>
                      <repositories><repository><id>seed</id><url>%1$s</url></repository></repositories>
                      <pluginRepositories><pluginRepository><id>seed</id><url>%1$s</url></pluginRepository></pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles><activeProfile>seed</activeProfile></activeProfiles>
                </settings>
                """.formatted(url);
    }

    private void run(Path directory, List<String> command, String maven) throws Exception {
        Path log = Files.createTempFile(dir, "build", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("MVN", maven);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(command + " still running after 5 minutes: " + Files.readString(log));
        }
        assertThat(process.exitValue()).as("%s: %s", command, Files.readString(log)).isZero();
    }

    /** bin/ lib/ modules/ conf/ logs/ of the packaged distribution, in a directory of this test's own. */
    private Path copyOfTheDistribution() throws IOException {
        Path home = dir.resolve("postern");
        copyTree(Distribution.home(), home);
        assertThat(home.resolve("bin/postern")).isExecutable();
        return home;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path relative = from.relativize(path);
                Path target = to.resolve(relative.toString());
                if (relative.startsWith("target")) {
                    continue; // a build of the example in place, not part of the project
                }
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private Path writeConfig() throws IOException {
        int imap = freePort();
        int pop3 = freePort();
        int smtp = freePort();
        return Files.writeString(dir.resolve("postern.conf"), """
                pid = "%s"
                mail {
                  sandbox = on
                  sandbox_authenticate = off
                  sandbox_users = ["demo@localhost:demo"]
                  sandbox_imap_port = %d
                  sandbox_pop3_port = %d
                  sandbox_smtp_port = %d
                  example_users = ["demo@localhost:%s"]
                  example_upstream = "127.0.0.1:%d"
                  example_protected_mailboxes = [Archive]
                  imap_auth = [plain, login]
                  servers { imap { protocol = imap, listen = "127.0.0.1:0" } }
                }
                """.formatted(dir.resolve("postern.pid"), imap, pop3, smtp, DEMO_SHA256, imap));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String untilTagged(BufferedReader in, String tag) throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith(tag + " ")) {
                return line;
            }
        }
        throw new UncheckedIOException(new IOException("closed before the answer to " + tag));
    }

    private static Matcher awaitOutput(Path output, String regex) throws Exception {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String text = Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
            Matcher matcher = pattern.matcher(text);
            if (matcher.find()) {
                return matcher;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no /" + regex + "/ in the output: "
                + (Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : ""));
    }
}
