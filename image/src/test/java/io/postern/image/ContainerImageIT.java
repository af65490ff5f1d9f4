package io.postern.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image as {@code docker load} would read it: who it runs as, what it runs,
 * which ports it exposes, which directories are volumes, and what its layers hold. No Docker
 * engine is needed; {@link ImageRootIT} runs it.
 */
class ContainerImageIT {

    @TempDir
    static Path unpacked;

    private static ImageTarball image;

    @BeforeAll
    static void unpack() {
        final Path tarball = ImageTarball.built();
        if (!Files.isRegularFile(tarball)) {
            throw Required.unavailable("no " + tarball + ": mvn package builds it (profile \"image\") when the base"
                    + " image exists; make it first with image/src/base/build-base-image (root, mmdebstrap)");
        }
        image = ImageTarball.unpack(tarball, unpacked);
    }

    @Test
    void isTaggedWithTheVersion() {
        assertThat(image.repoTags()).containsExactly("postern:" + System.getProperty("postern.version"));
        assertThat(image.configuration().getString("os")).isEqualTo("linux");
    }

    /** By number, as Kubernetes' runAsNonRoot needs; the base image's postern user. */
    @Test
    void runsAsTheNonRootPosternUser() {
        assertThat(image.runConfig().getString("User")).isEqualTo("10001:10001");
        assertThat(image.files().get("etc/passwd")).isNotNull();
    }

    /** bin/postern execs the JVM, so Postern itself is the container's process and gets its signals. */
    @Test
    void entrypointIsBinPosternInTheForeground() {
        assertThat(image.runConfig().getStringList("Entrypoint")).containsExactly("/usr/share/postern/bin/postern");
        assertThat(image.runConfig().hasPath("Cmd") ? image.runConfig().getStringList("Cmd") : java.util.List.of())
                .isEmpty();
        assertThat(image.runConfig().getString("WorkingDir")).isEqualTo("/usr/share/postern");
    }

    @Test
    void exposesTheMailPortsAndTheStatusEndpoint() {
        assertThat(image.runConfig().getObject("ExposedPorts").keySet())
                .containsExactlyInAnyOrder("1143/tcp", "1110/tcp", "1587/tcp", "9145/tcp");
    }

    @Test
    void configurationAndModulesAreVolumes() {
        assertThat(image.runConfig().getObject("Volumes").keySet())
                .containsExactlyInAnyOrder("/etc/postern", "/usr/share/postern/modules");
    }

    /** Root's files, which the postern user can run and read but not change. */
    @Test
    void holdsTheDistributionOwnedByRoot() {
        final Map<String, ImageTarball.Entry> files = image.files();
        final String version = System.getProperty("postern.version");

        assertThat(files.get("usr/share/postern/bin/postern")).satisfies(launcher -> {
            assertThat(launcher.mode()).isEqualTo("-rwxr-xr-x");
            assertThat(launcher.owner()).isEqualTo("0/0");
        });
        assertThat(files).containsKeys(
                "usr/share/postern/lib/proxy-core-" + version + ".jar",
                "usr/share/postern/lib/netty-tcnative-boringssl-static-2.0.84.Final-linux-x86_64.jar",
                "usr/share/postern/modules/module-auth-" + version + ".jar",
                "usr/share/postern/modules/module-log-" + version + ".jar",
                "usr/share/postern/modules/module-rewrite-" + version + ".jar",
                "etc/postern/postern.conf",
                "etc/postern/logback.xml");
        assertThat(files.keySet()).noneMatch(path -> path.contains("sandbox"));
        assertThat(files.values()).filteredOn(f -> f.path().startsWith("usr/share/postern/")
                        || f.path().startsWith("etc/postern/"))
                .allMatch(f -> f.owner().equals("0/0"), "owned by root");
    }

    /** The base: Debian's Java 17, the postern user, and the prefix's conf/ and logs/ leading to /etc and /var/log. */
    @Test
    void baseHoldsAJava17RuntimeAndThePrefixLinks() {
        final Map<String, ImageTarball.Entry> files = image.files();

        assertThat(image.runConfig().getStringList("Env")).anyMatch(env -> env.startsWith("JAVA_HOME=/usr/lib/jvm/java-17-"));
        assertThat(files.keySet()).anyMatch(path -> path.matches("usr/lib/jvm/java-17-openjdk-[a-z0-9]+/bin/java"));
        assertThat(files.get("usr/share/postern/conf").linkTarget()).isEqualTo("/etc/postern");
        assertThat(files.get("usr/share/postern/logs").linkTarget()).isEqualTo("/var/log/postern");
        assertThat(files.get("run/postern").owner()).isEqualTo("10001/10001");
    }

    /** The shipped configuration fits the container: unprivileged ports, logs to the console, a status endpoint. */
    @Test
    void configurationListensUnprivilegedAndLogsToTheConsole(@TempDir Path root) throws IOException {
        image.extractLayers(root);
        final String conf = Files.readString(root.resolve("etc/postern/postern.conf"));

        assertThat(conf).contains("listen = \"[::]:1143 ipv6only=off\"")
                .contains("error_log = stderr")
                .doesNotContainPattern("(?m)^\\s*access_log")
                .contains("metrics_listen = \"0.0.0.0:9145\"")
                .doesNotContain("sandbox");
        assertThat(Files.readString(root.resolve("etc/postern/logback.xml"))).contains("ConsoleAppender")
                .doesNotContain("FileAppender");
    }
}
