package io.postern.cli;

import io.postern.Postern;
import io.postern.config.ConfigException;
import io.postern.config.ConfigLoader;
import io.postern.engine.StartupException;
import io.postern.module.ModuleLoadException;
import io.postern.nginx.ImportWarning;
import io.postern.nginx.NginxImporter;
import io.postern.nginx.NginxSyntaxException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code postern} command, with nginx's flags: run in the foreground, {@code -t} test
 * the configuration, {@code -T} test and print it, {@code -v} version, {@code -s stop} stop
 * a running instance through its pid file; and {@code import-nginx FILE}, which converts an
 * nginx mail configuration.
 */
public final class Main {

    private final PrintStream out;
    private final PrintStream err;

    Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        int status = new Main(System.out, System.err).run(args);
        if (status != Integer.MIN_VALUE) {
            System.exit(status);
        }
    }

    /** Runs the command; returns the exit status, or {@code MIN_VALUE} after serving until stopped. */
    int run(String[] args) {
        CommandLine cli;
        try {
            cli = CommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("postern: " + e.getMessage());
            err.println(CommandLine.USAGE);
            return 1;
        }
        if (cli.help()) {
            out.println("postern version " + version());
            out.println(CommandLine.USAGE);
            return 0;
        }
        if (cli.version()) {
            out.println("postern version " + version());
            return 0;
        }
        if (cli.importNginx() != null) {
            return importNginx(cli.importNginx());
        }
        Path file = cli.configFile();
        try {
            if (cli.signal() != null) {
                return signal(cli, file);
            }
            Postern postern = Postern.configure(file, cli.prefix(), Main.class.getClassLoader(), List.of());
            if (cli.test() || cli.dump()) {
                postern.close();
                err.println("postern: the configuration file " + file + " syntax is ok");
                err.println("postern: configuration file " + file + " test is successful");
                if (cli.dump()) {
                    out.println("# configuration file " + file + ":");
                    out.print(postern.config().render());
                }
                return 0;
            }
            serve(postern);
            return Integer.MIN_VALUE;
        } catch (ConfigException | ModuleLoadException e) {
            for (String line : e.getMessage().split("\n")) {
                err.println("postern: [emerg] " + line);
            }
            if (cli.test() || cli.dump()) {
                err.println("postern: configuration file " + file + " test failed");
            }
            return 1;
        } catch (StartupException e) {
            err.println("postern: [emerg] " + e.getMessage());
            return 1;
        }
    }

    /** {@code import-nginx FILE}: Postern's configuration to standard output, each thing dropped to standard error. */
    private int importNginx(Path nginxFile) {
        NginxImporter.Result result;
        try {
            result = NginxImporter.convert(nginxFile);
        } catch (NginxSyntaxException e) {
            err.println("postern: [emerg] " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("postern: [emerg] cannot read \"" + nginxFile + "\": " + e);
            return 1;
        }
        for (ImportWarning warning : result.warnings()) {
            err.println("postern: [warn] " + warning);
        }
        out.print(result.hocon());
        out.flush();
        return 0;
    }

    /** Serves until SIGTERM (or SIGINT), then drains and stops. */
    private void serve(Postern postern) throws StartupException {
        Path pidFile = postern.config().process().pidFile();
        try {
            postern.logModules();
            postern.start();
            PidFile.write(pidFile);
        } catch (StartupException | IOException e) {
            postern.close();
            if (e instanceof StartupException startup) {
                throw startup;
            }
            throw new StartupException("could not write the pid file " + pidFile + ": " + e.getMessage(), e);
        }
        Signals.handle("USR1", postern::reopen);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            postern.shutdown();
            PidFile.delete(pidFile);
            stopped.countDown();
        }, "postern-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int signal(CommandLine cli, Path file) throws ConfigException {
        Path pidFile = ConfigLoader.parse(file, cli.prefix()).process().pidFile();
        long pid;
        try {
            pid = PidFile.read(pidFile);
        } catch (IOException | NumberFormatException e) {
            err.println("postern: [error] invalid PID number in \"" + pidFile + "\" (" + e.getMessage() + ")");
            return 1;
        }
        var process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            err.println("postern: [error] no running process with pid " + pid + " (from \"" + pidFile + "\")");
            return 1;
        }
        if (cli.signal().equals("reopen")) {
            return Signals.send("USR1", pid) ? 0 : 1;
        }
        // stop and quit both drain gracefully for shutdown_timeout: the JVM turns SIGTERM into
        // an orderly shutdown, and SIGQUIT is the JVM's thread dump.
        process.get().destroy();
        return 0;
    }

    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("/io/postern/version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The pid file, as nginx keeps it: the number and a newline. */
    static final class PidFile {
        private PidFile() {
        }

        static void write(Path file) throws IOException {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        }

        static long read(Path file) throws IOException {
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
        }

        static void delete(Path file) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // nothing useful to do at shutdown; the next start overwrites it
            }
        }
    }
}
