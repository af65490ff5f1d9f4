package io.postern.bench.target;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds a built jar by a glob such as {@code module-rewrite/target/module-rewrite-*.jar}. */
public final class Jars {

    /** Maven's other jars beside a module's own, which a glob on the version would also match. */
    private static final List<String> NOT_THE_MODULE = List.of("-sources.jar", "-javadoc.jar", "-tests.jar", "-spi.jar");

    private Jars() {
    }

    /**
     * The jar matching {@code glob} (a directory relative to {@code repository}, then a file name
     * pattern), the newest when a rebuild left several versions; empty when none is built.
     */
    public static Optional<Path> find(Path repository, String glob) {
        Path pattern = Path.of(glob);
        Path dir = pattern.getParent() == null ? repository : repository.resolve(pattern.getParent());
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        PathMatcher name = FileSystems.getDefault().getPathMatcher("glob:" + pattern.getFileName());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> name.matches(f.getFileName()) && Files.isRegularFile(f))
                    .filter(f -> NOT_THE_MODULE.stream().noneMatch(f.getFileName().toString()::endsWith))
                    .max(Comparator.comparing(Jars::modified));
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + dir, e);
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
