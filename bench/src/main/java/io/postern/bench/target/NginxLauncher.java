package io.postern.bench.target;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs the nginx target: Debian's nginx with its mail module, as a throwaway process with a
 * generated configuration ({@link NginxConfig}) in the target's directory (nginx.conf,
 * error.log, nginx.pid, nginx.out), a master in the foreground and its workers. The system's
 * nginx service is neither used nor needed.
 */
public final class NginxLauncher {

    static final Path NGINX = Path.of("/usr/sbin/nginx");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** nginx's fast shutdown (SIGTERM) closes every connection at once. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    /**
     * Starts nginx in {@code dir}, listening where {@code listen} says (TLS with {@code tls}); returns once it greets.
     *
     * @param maxFiles the open-files limit of the harness, which nginx inherits: its workers' connections
     */
    public RunningTarget start(TargetSpec spec, Path dir, UpstreamPorts listen, TlsFiles tls, int maxFiles)
            throws IOException, InterruptedException {
        if (!Files.isExecutable(NGINX) || !Files.exists(NginxConfig.MAIL_MODULE)) {
            throw new IOException(NGINX + " or " + NginxConfig.MAIL_MODULE + " missing: run bench/install-nginx (as root)");
        }
        Files.createDirectories(dir);
        Path config = dir.resolve("nginx.conf");
        Files.writeString(config, NginxConfig.render(dir, listen, tls, maxFiles), StandardCharsets.UTF_8);
        // -p: the prefix for anything relative; -e: the log for what nginx says before it has read
        // nginx.conf's error_log (else /var/log/nginx/error.log, or stderr in Debian's build).
        ProcessBuilder command = new ProcessBuilder(NGINX.toString(), "-p", dir + "/", "-c", config.toString(),
                "-e", dir.resolve("error.log").toString()).directory(dir.toFile());
        return ProcessTarget.start(spec.name(), command, new Greeting.Output(dir.resolve("nginx.out")), listen,
                START_TIMEOUT, STOP_GRACE);
    }
}
