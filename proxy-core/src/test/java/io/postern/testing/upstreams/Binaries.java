package io.postern.testing.upstreams;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where Debian's mail server programs are. The sbin directories are searched even when they
 * are not on the PATH, as for a non-login shell or an IDE's test runner.
 */
final class Binaries {

    /** The Debian packages that provide everything {@link #missing()} looks for. */
    static final String PACKAGES = "dovecot-imapd dovecot-pop3d dovecot-lmtpd postfix";

    /** Dovecot's protocol processes, started by its master: present only with their packages. */
    private static final List<Path> DOVECOT_SERVICES = List.of(
            Path.of("/usr/lib/dovecot/imap"), Path.of("/usr/lib/dovecot/pop3"), Path.of("/usr/lib/dovecot/lmtp"));

    private Binaries() {
    }

    /** The executable {@code name} on the PATH or in the system directories. */
    static Optional<Path> find(String name) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The full path of {@code name}, or {@code name} itself for the error to name it. */
    static String command(String name) {
        return find(name).map(Path::toString).orElse(name);
    }

    /** What of Dovecot and Postfix is not installed here; empty when both are. */
    static List<String> missing() {
        List<String> missing = new ArrayList<>();
        for (String name : List.of("dovecot", "doveconf", "postfix")) {
            if (find(name).isEmpty()) {
                missing.add(name);
            }
        }
        for (Path service : DOVECOT_SERVICES) {
            if (!Files.isExecutable(service)) {
                missing.add(service.toString());
            }
        }
        return missing;
    }
}
