package io.postern.module;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the modules of a Postern process: those on the core's class path, then one per jar in
 * the modules directory, each jar in a class loader of its own that sees only the SPI,
 * Typesafe Config, SLF4J, the platform and its own classes.
 *
 * <p>Every problem is collected before failing, so one start-up attempt reports all broken
 * jars. A problem leaves nothing open: the class loaders created so far are closed.
 */
public final class ModuleLoader {

    private static final Logger log = LoggerFactory.getLogger(ModuleLoader.class);

    private ModuleLoader() {
    }

    /**
     * Loads every module.
     *
     * @param modulesDir the directory of module jars; when it does not exist there are no jar modules
     * @param classpathLoader the loader to find class-path modules with, or {@code null} to
     *     skip them (tests that want only the jars of a temporary directory)
     * @return the modules, class-path modules first, then the jars in file-name order
     * @throws ModuleLoadException listing every problem, each naming its jar or location
     */
    public static List<LoadedModule> load(Path modulesDir, ClassLoader classpathLoader) throws ModuleLoadException {
        Objects.requireNonNull(modulesDir, "modulesDir");
        ModuleScan scan = new ModuleScan();
        if (classpathLoader != null) {
            ClasspathModules.discover(classpathLoader, scan);
        }
        for (Path jar : listJars(modulesDir, scan.problems())) {
            JarModules.load(jar, scan);
        }
        if (!scan.problems().isEmpty()) {
            // The modules were never configured, so only their loaders need closing.
            scan.loaded().forEach(LoadedModule::closeOwnLoader);
            throw scan.problems().toException();
        }
        scan.loaded().forEach(m -> log.debug("found {}", m));
        return List.copyOf(scan.loaded());
    }

    /**
     * The names of the {@code *.jar} files in the directory, sorted; empty when it cannot be
     * listed. A reload compares them with the start's, to warn that jars added or removed
     * take effect only at a restart.
     */
    public static List<String> jarNames(Path modulesDir) {
        return listJars(modulesDir, new Problems()).stream().map(f -> f.getFileName().toString()).toList();
    }

    /** The {@code *.jar} files of the directory, sorted by name so start-up is repeatable. */
    private static List<Path> listJars(Path modulesDir, Problems problems) {
        if (!Files.exists(modulesDir)) {
            return List.of();
        }
        if (!Files.isDirectory(modulesDir)) {
            problems.add(modulesDir.toString(), "not a directory (expected: the directory of module jars)");
            return List.of();
        }
        try (Stream<Path> files = Files.list(modulesDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(f -> f.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            problems.add(modulesDir.toString(), "cannot be listed (" + e + ")", e);
            return List.of();
        }
    }
}
