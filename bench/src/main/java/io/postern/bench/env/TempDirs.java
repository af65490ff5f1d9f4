package io.postern.bench.env;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The run's scratch directories: their logs kept in the report directory, the rest deleted. */
public final class TempDirs {

    private TempDirs() {
    }

    /** Copies the files under {@code dir} whose names end with one of {@code suffixes} into {@code into}, flat, prefixed by their directory. */
    public static void keepLogs(Path dir, Path into, List<String> suffixes) {
        // Servers may still be moving files (Postfix's queue): a file that vanished is skipped,
        // and keeping logs never fails a run.
        try (Stream<Path> files = Files.walk(dir)) {
            Files.createDirectories(into);
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (suffixes.stream().anyMatch(name::endsWith)) {
                    String flat = dir.relativize(file).toString().replace('/', '-');
                    try {
                        Files.copy(file, into.resolve(flat), StandardCopyOption.REPLACE_EXISTING);
                    } catch (IOException e) {
                        System.out.println("  could not keep " + file + ": " + e);
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            System.out.println("  could not keep the logs of " + dir + ": " + e);
        }
    }

    public static void delete(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + root, e);
        }
    }
}
