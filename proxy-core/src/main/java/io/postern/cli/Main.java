package io.postern.cli;

import io.postern.Postern;
import io.postern.config.ConfigException;
import io.postern.config.ConfigLoader;
import io.postern.engine.StartupException;
import io.postern.logging.ErrorLogs;
import io.postern.module.ModuleLoadException;
import io.postern.nginx.ImportWarning;
import io.postern.nginx.NginxImporter;
import io.postern.nginx.NginxSyntaxException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code postern} command, with nginx's flags: run in the foreground, {@code -t} test
 * the configuration, {@code -T} test and print it, {@code -v} version, {@code -s stop|quit|reopen|reload}
 * signal a running instance through its pid file; and {@code import-nginx FILE}, which converts an
 * nginx mail configuration.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

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

    /** Runs the command; returns the exit status (0 after serving until a clean stop). */
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
            List<String> logging = ErrorLogs.startupProblems();
            if (!logging.isEmpty()) {
                // nginx refuses to start, -t included, when it cannot open its error log.
                logging.forEach(line -> err.println("postern: [emerg] " + line));
                if (cli.test() || cli.dump()) {
                    err.println("postern: configuration file " + file + " test failed");
                }
                return 1;
            }
            Postern postern = Postern.configure(file, cli.prefix(), Main.class.getClassLoader(), List.of());
            if (cli.test() || cli.dump()) {
                postern.warnings().forEach(warning -> err.println("postern: [warn] " + warning));
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
            return 0;
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

    /**
     * Serves until told to stop, with nginx's signals: SIGTERM and SIGINT ({@code -s stop}) stop
     * at once, SIGUSR2 ({@code -s quit}) gracefully (see {@link Stop}), SIGUSR1 reopens the
     * logs, SIGHUP ({@code -s reload}) reloads the configuration ({@link ReloadSignal}). Returns
     * once stopped, the pid file removed.
     */
    private void serve(Postern postern) throws StartupException {
        Path pidFile = postern.config().process().pidFile();
        // Before the listeners are bound and "listening on" is logged: a SIGTERM sent as soon as
        // that line appears must find nginx's meaning, not the JVM's default (exit 143). One that
        // comes during the start is kept, and the stop follows it.
        Stop stop = new Stop();
        Signals.handle("USR1", postern::reopen);
        Signals.handle("HUP", new ReloadSignal(postern));
        Signals.handle("TERM", stop::fast);
        Signals.handle("INT", stop::fast);
        Signals.handle(Stop.GRACEFUL_SIGNAL, stop::graceful);
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
        // System.exit from elsewhere, or a JVM without sun.misc.Signal (SIGTERM is then the JVM's own).
        Thread hook = new Thread(() -> {
            postern.close();
            PidFile.delete(pidFile);
        }, "postern-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (stop.await()) {
            postern.shutdown(); // stop accepting, drain for shutdown_timeout, then close the rest
        } else {
            postern.close();
        }
        PidFile.delete(pidFile);
        LOG.info("exiting");
    }

    /**
     * {@code -s stop|quit|reopen|reload}: the signal to the pid in the pid file, as nginx sends
     * it (stop: SIGTERM, quit: SIGUSR2 (the JVM keeps SIGQUIT for itself), reopen: SIGUSR1,
     * reload: SIGHUP). As nginx's, it does not wait: whether a reload took is in the error log.
     */
    private int signal(CommandLine cli, Path file) throws ConfigException {
        Path pidFile = ConfigLoader.parse(file, cli.prefix()).process().pidFile();
        long pid;
        try {
            pid = PidFile.read(pidFile);
        } catch (NoSuchFileException e) {
            err.println("postern: [error] open() \"" + pidFile + "\" failed (No such file or directory):"
                    + " is postern running?");
            return 1;
        } catch (IOException | NumberFormatException e) {
            err.println("postern: [error] invalid PID number in \"" + pidFile + "\" (" + e.getMessage() + ")");
            return 1;
        }
        var process = ProcessHandle.of(pid).filter(PidFile::isPostern);
        if (process.isEmpty()) {
            err.println("postern: [error] stale pid file \"" + pidFile + "\": no postern process with pid " + pid
                    + " is running");
            return 1;
        }
        String name = switch (cli.signal()) {
            case "stop" -> "TERM";
            case "quit" -> Stop.GRACEFUL_SIGNAL;
            case "reload" -> "HUP";
            default -> "USR1";
        };
        return Signals.send(name, pid) ? 0 : 1;
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

        /** Whether the process is a Postern, when its command line can be read (a stale pid may be reused). */
        static boolean isPostern(ProcessHandle process) {
            return process.isAlive() && process.info().commandLine().map(line -> line.contains(Main.class.getName()))
                    .orElse(true);
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
