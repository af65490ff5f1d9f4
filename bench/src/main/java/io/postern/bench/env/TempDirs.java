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
    public static void keepLogs(Path dir, Path into, List<String> suffixes) throws IOException {
        Files.createDirectories(into);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (suffixes.stream().anyMatch(name::endsWith)) {
                    String flat = dir.relativize(file).toString().replace('/', '-');
                    Files.copy(file, into.resolve(flat), StandardCopyOption.REPLACE_EXISTING);
                }
            }
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
