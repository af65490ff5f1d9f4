package io.postern.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image run without a container engine: its layers unpacked into a directory, /proc
 * mounted there as an engine does (the dynamic loader finds the JVM's libraries through
 * /proc/self/exe), and its entrypoint started with chroot as its user (10001): an engine
 * less the namespaces. Its own Java, its own configuration: {@code postern -t} passes, it
 * serves IMAP on 1143, answers the health probe on /status, and stops with exit status 0.
 * Needs root for chroot and mount (CI runs as root).
 */
class ImageRootIT {

    private static final long AWAIT_SECONDS = 60;

    @TempDir
    static Path unpacked;

    @TempDir
    static Path root;

    private static boolean procMounted;

    @BeforeAll
    static void unpackTheRootFileSystem() {
        final Path tarball = ImageTarball.built();
        if (!Files.isRegularFile(tarball)) {
            throw Required.unavailable("no " + tarball + ": build the base image with image/src/base/build-base-image");
        }
        if (!"0".equals(ImageTarball.run(List.of("id", "-u")).trim())) {
            throw Required.unavailable("chroot needs root");
        }
        ImageTarball.unpack(tarball, unpacked).extractLayers(root);
        ImageTarball.run(List.of("mount", "-t", "proc", "proc", root.resolve("proc").toString()));
        procMounted = true;
    }

    /** Before the temporary directory is deleted: never delete through a mounted /proc. */
    @AfterAll
    static void unmountProc() {
        if (procMounted) {
            ImageTarball.run(List.of("umount", "--lazy", root.resolve("proc").toString()));
        }
    }

    /** The image's entrypoint with {@code args}, as its user, inside its file system. */
    private static ProcessBuilder entrypoint(String... args) {
        final List<String> command = new java.util.ArrayList<>(List.of("chroot", "--userspec=10001:10001",
                root.toString(), "/usr/bin/env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
                "JAVA_HOME=/usr/lib/jvm/java-17-openjdk-" + arch(), "/usr/share/postern/bin/postern"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    private static String arch() {
        return ImageTarball.run(List.of("dpkg", "--print-architecture")).trim();
    }

    @Test
    void passesItsOwnConfigurationTest(@TempDir Path dir) throws Exception {
        final Path output = dir.resolve("output.txt");
        final Process test = entrypoint("-t").redirectOutput(output.toFile()).start();

        assertThat(test.waitFor(AWAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(test.exitValue()).as(Files.readString(output)).isZero();
        assertThat(Files.readString(output)).contains("configuration file /usr/share/postern/conf/postern.conf test is successful");
    }

    @Test
    void servesImapAnswersTheHealthProbeAndStopsCleanly(@TempDir Path dir) throws Exception {
        final Path output = dir.resolve("output.txt");
        final Process postern = entrypoint().redirectOutput(output.toFile()).start();
        try {
            awaitStatusOk(output);
            // module-log's endpoint starts with the modules, just before the listeners are bound.
            awaitOutput(output, "(imap) listening on [0:0:0:0:0:0:0:0]:1143");
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", 1143), 5000);
                socket.setSoTimeout(5000);
                final BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII));
                assertThat(in.readLine()).isEqualTo("* OK IMAP4 ready");
            }

            postern.destroy(); // SIGTERM, what docker stop and the kubelet send

            assertThat(postern.waitFor(AWAIT_SECONDS, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
            assertThat(postern.exitValue()).as(Files.readString(output)).isZero();
        } finally {
            postern.destroyForcibly().waitFor();
        }
    }

    private static void awaitOutput(Path output, String text) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
        while (!Files.readString(output).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no \"" + text + "\" after " + AWAIT_SECONDS + "s; postern said: "
                        + Files.readString(output));
            }
            Thread.sleep(100);
        }
    }

    /** The liveness probe of install.md: GET /status on 9145 until it answers 200. */
    private static void awaitStatusOk(Path output) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
        while (true) {
            try {
                final HttpURLConnection status = (HttpURLConnection) URI.create("http://127.0.0.1:9145/status")
                        .toURL().openConnection();
                status.setConnectTimeout(1000);
                status.setReadTimeout(5000);
                if (status.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no 200 on /status after " + AWAIT_SECONDS + "s; postern said: "
                        + Files.readString(output));
            }
            Thread.sleep(200);
        }
    }
}
