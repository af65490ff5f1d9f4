package io.postern.module;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The start-up log lines that tell an operator which modules run, which build of each (its
 * jar's checksum) and the SPI it was built for, and what each added, one line per module:
 * {@code module auth 0.1.0 (modules/module-auth-0.1.0.jar, sha256 3f2a9c1e0b7d, SPI 1.4): auth [auth_http, users], upstream [], log []}.
 */
public final class ModuleReport {

    private static final String CLASSPATH = "classpath:";

    private ModuleReport() {
    }

    /** One line per module, in the order given. */
    public static List<String> lines(List<LoadedModule> modules, Phases phases) {
        Objects.requireNonNull(modules, "modules");
        Objects.requireNonNull(phases, "phases");
        return modules.stream().map(m -> line(m, phases)).toList();
    }

    /** The line of one module. */
    public static String line(LoadedModule module, Phases phases) {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(phases, "phases");
        ModuleDescriptor d = module.descriptor();
        // The three pre-login phases always show, so "none" is visible; a filter phase only
        // when the module has handlers in it, to keep the line short.
        String handlers = Arrays.stream(Phase.values())
                .filter(p -> p.ordinal() <= Phase.LOG.ordinal() || !phases.namesOf(d.name(), p).isEmpty())
                .map(p -> p.key() + " [" + String.join(", ", phases.namesOf(d.name(), p)) + "]")
                .collect(Collectors.joining(", "));
        return "module " + d.name() + " " + d.version() + " (" + d.source()
                + checksum(d.source()).map(sum -> ", sha256 " + sum).orElse("") + ", SPI " + d.spiVersion() + "): "
                + handlers;
    }

    /**
     * The first 12 hex digits of the SHA-256 of the module's jar, which tell two builds of one
     * version apart; none for a module that is not a jar (a class directory, in-process).
     */
    static Optional<String> checksum(String source) {
        String location = source.startsWith(CLASSPATH) ? source.substring(CLASSPATH.length()) : source;
        Path jar;
        try {
            jar = Path.of(location);
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(jar)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(jar)) {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha256.update(buffer, 0, n);
            }
            return Optional.of(HexFormat.of().formatHex(sha256.digest()).substring(0, 12));
        } catch (IOException e) {
            return Optional.empty(); // it was read at load; a report line is no reason to fail now
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
