package io.postern.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** {@code bin/ lib/ modules/ conf/ logs/}: what is where in the directory and the tarball. */
class DistributionLayoutIT {

    private static List<String> fileNames(String directory) throws IOException {
        try (Stream<Path> files = Files.list(Distribution.home().resolve(directory))) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void hasAnExecutableLauncher() throws IOException {
        final Path launcher = Distribution.home().resolve("bin/postern");

        assertThat(launcher).isRegularFile().isExecutable();
        assertThat(Files.getPosixFilePermissions(launcher)).contains(
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
        assertThat(Files.readString(launcher)).startsWith("#!/bin/sh\n").doesNotContain("\r");
    }

    @Test
    void libHoldsTheCoreItsDependenciesAndLogback() throws IOException {
        final List<String> lib = fileNames("lib");

        assertThat(lib).contains("proxy-core-" + Distribution.version() + ".jar")
                .anyMatch(name -> name.startsWith("netty-handler-"))
                .anyMatch(name -> name.startsWith("config-"))
                .anyMatch(name -> name.startsWith("slf4j-api-"))
                .anyMatch(name -> name.startsWith("logback-classic-"))
                .anyMatch(name -> name.startsWith("logback-core-"));
        // ssl_provider auto: OpenSSL (BoringSSL, statically linked) for linux-x86_64, and the
        // classes Netty calls it through; other platforms' native jars stay out.
        assertThat(lib).contains("netty-tcnative-boringssl-static-2.0.84.Final-linux-x86_64.jar",
                        "netty-tcnative-classes-2.0.84.Final.jar")
                .noneMatch(name -> name.startsWith("netty-tcnative-boringssl-static-")
                        && !name.endsWith("-linux-x86_64.jar"));
        // Modules are loaded from modules/ in class loaders of their own; on the core's class
        // path they (and what they bundle) would be seen twice. No spi or test jars either.
        assertThat(lib).allMatch(name -> name.endsWith(".jar"))
                .noneMatch(name -> name.startsWith("postern-sandbox") || name.startsWith("module-"))
                .noneMatch(name -> name.contains("greenmail") || name.contains("jakarta") || name.contains("angus"))
                .noneMatch(name -> name.endsWith("-spi.jar") || name.endsWith("-tests.jar"))
                .noneMatch(name -> name.startsWith("junit") || name.startsWith("assertj"));
    }

    @Test
    void modulesHoldsTheModuleJars() throws IOException {
        assertThat(fileNames("modules")).containsExactlyInAnyOrder(
                "module-auth-" + Distribution.version() + ".jar",
                "module-log-" + Distribution.version() + ".jar",
                "module-rewrite-" + Distribution.version() + ".jar",
                "postern-sandbox-" + Distribution.version() + ".jar");
    }

    @Test
    void sdkHoldsTheSpiJarsAStandalonePomAndItsInstaller() throws IOException {
        final String spi = "postern-spi-" + Distribution.version();
        final Path sdk = Distribution.home().resolve("sdk");

        assertThat(fileNames("sdk")).containsExactlyInAnyOrder(spi + ".jar", spi + "-sources.jar",
                spi + "-javadoc.jar", spi + ".pom", "install.sh", "README.md");
        assertThat(sdk.resolve("install.sh")).isExecutable();
        assertThat(Files.readString(sdk.resolve("install.sh"))).contains("install-file", "-DpomFile=")
                .doesNotContain("@project.version@");
        final String pom = Files.readString(sdk.resolve(spi + ".pom"));
        assertThat(pom).doesNotContain("<parent>").doesNotContain("@")
                .contains("<artifactId>postern-spi</artifactId>", "<version>" + Distribution.version() + "</version>");
        // The shared libraries at exactly the versions lib/ ships: a module compiles against
        // the classes it will see at run time.
        for (String library : List.of("config-", "slf4j-api-")) {
            final String jar = fileNames("lib").stream().filter(n -> n.startsWith(library)).findFirst().orElseThrow();
            final String version = jar.substring(library.length(), jar.length() - ".jar".length());
            assertThat(pom).contains("<artifactId>" + library.substring(0, library.length() - 1)
                    + "</artifactId>\n      <version>" + version + "</version>");
        }
    }

    @Test
    void confHoldsTheShippedConfiguration() {
        final Path conf = Distribution.home().resolve("conf");

        assertThat(conf.resolve("postern.conf")).isRegularFile();
        assertThat(conf.resolve("logback.xml")).isRegularFile();
        assertThat(conf.resolve("examples/upstream-pool.conf")).isRegularFile();
    }

    @Test
    void confReferenceHoldsTheCommentedReferenceOfEveryDirectiveAsTheSourcesHaveIt() throws IOException {
        final Map<String, String> sources = Map.of(
                "core.conf", "proxy-core/src/main/resources/io/postern/config/core-reference.conf",
                "module-auth.conf", "module-auth/src/main/resources/reference.conf",
                "module-log.conf", "module-log/src/main/resources/reference.conf",
                "module-rewrite.conf", "module-rewrite/src/main/resources/reference.conf",
                "sandbox.conf", "sandbox/src/main/resources/reference.conf");

        assertThat(fileNames("conf/reference")).containsExactlyInAnyOrderElementsOf(sources.keySet());
        // failsafe runs in the distribution module's directory: the sources are beside it.
        final Path repository = Path.of("").toAbsolutePath().getParent();
        for (Map.Entry<String, String> entry : sources.entrySet()) {
            assertThat(Distribution.home().resolve("conf/reference").resolve(entry.getKey()))
                    .as(entry.getKey()).hasSameTextualContentAs(repository.resolve(entry.getValue()));
        }
        try (Stream<Path> jars = Files.list(Distribution.home().resolve("modules"))) {
            assertThat(jars.count()).as("a reference per module jar, and the core's").isEqualTo(sources.size() - 1);
        }
    }

    @Test
    void hasALogsDirectory() {
        assertThat(Distribution.home().resolve("logs")).isDirectory().isWritable();
    }

    @Test
    void tarballUnpacksIntoPosternWithTheSameLayout() throws IOException {
        final Map<String, Integer> modes = tarEntries(Distribution.tarball());

        assertThat(modes.keySet()).allMatch(name -> name.startsWith("postern/"))
                .contains("postern/bin/postern", "postern/conf/postern.conf", "postern/conf/logback.xml",
                        "postern/lib/proxy-core-" + Distribution.version() + ".jar",
                        "postern/modules/postern-sandbox-" + Distribution.version() + ".jar")
                .anyMatch(name -> name.startsWith("postern/logs/"));
        assertThat(modes.get("postern/bin/postern") & 0777).isEqualTo(0755);
    }

    /** Names and permission bits of a tar.gz's entries; the JDK has gzip but no tar reader. */
    private static Map<String, Integer> tarEntries(Path tarball) throws IOException {
        final Map<String, Integer> entries = new LinkedHashMap<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tarball));
             DataInputStream data = new DataInputStream(in)) {
            final byte[] header = new byte[512];
            String longName = null;
            while (true) {
                try {
                    data.readFully(header);
                } catch (EOFException e) {
                    break;
                }
                if (header[0] == 0) {
                    break; // the end-of-archive block
                }
                final long size = octal(header, 124, 12);
                final byte type = header[156];
                final byte[] content = new byte[(int) ((size + 511) / 512 * 512)];
                data.readFully(content);
                if (type == 'L') { // GNU long name: the next entry's name is this entry's content
                    longName = new String(content, 0, (int) size, StandardCharsets.UTF_8).replace("\0", "");
                    continue;
                }
                final String prefix = text(header, 345, 155);
                final String name = longName != null ? longName
                        : (prefix.isEmpty() ? "" : prefix + "/") + text(header, 0, 100);
                longName = null;
                entries.put(name, (int) octal(header, 100, 8));
            }
        }
        return entries;
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] header, int offset, int length) {
        final String digits = text(header, offset, length).trim();
        return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
    }
}
