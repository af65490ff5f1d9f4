package io.postern.bench.target;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * Runs a Postern target as an operator runs the built distribution
 * ({@code distribution/target/postern}): its launcher with its JVM flags, its libraries, its
 * {@code logback.xml}. Each target gets a prefix of its own in the run's scratch directory:
 *
 * <pre>
 * bin/postern          the distribution's launcher, copied (it finds its prefix from where it lies)
 * lib -> distribution/target/postern/lib
 * conf/postern.conf    generated ({@link PosternConfig}); conf/logback.xml, the distribution's
 * modules/             module-auth only, plus the spec's extra modules (module-rewrite)
 * logs/                postern.log and the pid file; postern.out, the console
 * </pre>
 *
 * so that Postern loads no module but those (the distribution's {@code modules/} also holds the
 * sandbox, module-log and module-rewrite) and each target's logs stay apart.
 */
public final class PosternLauncher {

    /** The distribution's module-auth, the one module every Postern target has: the auth_http client. */
    static final String AUTH_MODULE = "modules/module-auth-*.jar";

    /** A JVM's start and Postern's on two cores someone else is also using. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** SIGTERM drains for shutdown_timeout (1 s); a JFR recording is written at exit too. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final Path repository;

    public PosternLauncher(Path repository) {
        this.repository = repository;
    }

    /** Starts {@code spec} in {@code dir}, listening where {@code listen} says (TLS with {@code tls}); returns once it greets. */
    public RunningTarget start(TargetSpec spec, Path dir, UpstreamPorts listen, TlsFiles tls) throws IOException, InterruptedException {
        Path distribution = spec.distribution() != null ? spec.distribution()
                : repository.resolve("distribution/target/postern");
        Path launcher = distribution.resolve("bin/postern");
        if (!Files.isExecutable(launcher)) {
            throw new IOException(launcher + " not found: build the distribution first (bench/run does: mvn -Pbench package)");
        }
        for (String sub : new String[] {"bin", "conf", "modules", "logs"}) {
            Files.createDirectories(dir.resolve(sub));
        }
        Path bin = dir.resolve("bin/postern");
        Files.copy(launcher, bin, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        Files.createSymbolicLink(dir.resolve("lib"), distribution.resolve("lib"));
        Files.copy(distribution.resolve("conf/logback.xml"), dir.resolve("conf/logback.xml"),
                StandardCopyOption.REPLACE_EXISTING);
        copyModule(distribution, AUTH_MODULE, dir);
        for (String glob : spec.extraModules()) {
            copyModule(repository, glob, dir);
        }
        Files.writeString(dir.resolve("conf/postern.conf"), PosternConfig.render(listen, tls, spec.mailConfig()),
                StandardCharsets.UTF_8);

        ProcessBuilder command = new ProcessBuilder(bin.toString()).directory(dir.toFile());
        // The harness's own JDK, and only the spec's JVM options: none inherited from whoever ran bench/run.
        command.environment().put("JAVA_HOME", System.getProperty("java.home"));
        command.environment().put("JAVA_OPTS", spec.javaOpts());
        return ProcessTarget.start(spec.name(), command, new Greeting.Output(dir.resolve("logs/postern.out")), listen,
                START_TIMEOUT, STOP_GRACE);
    }

    private static void copyModule(Path under, String glob, Path dir) throws IOException {
        Path jar = Jars.find(under, glob)
                .orElseThrow(() -> new IOException(glob + " not built (under " + under + ")"));
        Files.copy(jar, dir.resolve("modules").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
}
