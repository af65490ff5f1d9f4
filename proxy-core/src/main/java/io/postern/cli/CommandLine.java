package io.postern.cli;

import java.nio.file.Path;
import java.util.Set;

/**
 * The parsed flags of {@code postern}, nginx's spelling.
 *
 * @param signal {@code stop}, {@code quit}, {@code reopen} or {@code reload}, or {@code null} to run
 * @param importNginx the nginx configuration of {@code import-nginx FILE}, or {@code null}
 */
record CommandLine(Path prefix, Path configFile, boolean test, boolean dump, boolean version, boolean help,
                   String signal, Path importNginx) {

    static final String USAGE = """
            Usage: postern [-?hvtT] [-s signal] [-p prefix] [-c filename]
                   postern import-nginx FILE

            Options:
              -?,-h         : this help
              -v            : show version and exit
              -t            : test configuration and exit
              -T            : test configuration, dump it and exit
              -s signal     : send signal to a running instance: stop, quit, reopen, reload
              -p prefix     : set prefix path (default: the current directory)
              -c filename   : set configuration file (default: conf/postern.conf under the prefix)

            Commands:
              import-nginx FILE : convert the mail block of an nginx configuration to Postern's,
                                  written to standard output; what it drops is listed on standard error""";

    private static final Set<String> SIGNALS = Set.of("stop", "quit", "reopen", "reload");

    static CommandLine parse(String[] args) {
        Path prefix = Path.of("").toAbsolutePath();
        Path config = null;
        boolean test = false;
        boolean dump = false;
        boolean version = false;
        boolean help = false;
        String signal = null;
        Path importNginx = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-t" -> test = true;
                case "-T" -> dump = true;
                case "-v", "-V" -> version = true;
                case "-h", "-?", "--help" -> help = true;
                case "-p" -> prefix = Path.of(value(args, ++i, arg)).toAbsolutePath();
                case "-c" -> config = Path.of(value(args, ++i, arg));
                case "import-nginx" -> importNginx = Path.of(value(args, ++i, arg)).toAbsolutePath();
                case "-s" -> {
                    signal = value(args, ++i, arg);
                    if (!SIGNALS.contains(signal)) {
                        throw new IllegalArgumentException("invalid option: \"-s " + signal + "\" (expected: stop, quit, reopen or reload)");
                    }
                }
                default -> throw new IllegalArgumentException("invalid option: \"" + arg + "\"");
            }
        }
        Path file = config == null ? prefix.resolve("conf/postern.conf") : prefix.resolve(config);
        return new CommandLine(prefix, file.normalize(), test, dump, version, help, signal, importNginx);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException("option \"" + option + "\" requires an argument");
        }
        return args[index];
    }
}
