package io.postern.module;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.slf4j.LoggerFactory;

/**
 * Finds the copies of the libraries a module shares with the core (SLF4J, Typesafe Config)
 * that a module jar bundles. Its class loader delegates those packages to the core, so a
 * bundled copy is never loaded: the module silently runs on the core's version, which may not
 * be the one it was built and tested with. The operator is told, with both versions.
 */
final class SharedLibraryCopies {

    /**
     * A library shared with the core.
     *
     * @param name how the operator knows it
     * @param entries the jar entry prefix of its classes
     * @param pomProperties where a Maven build (or a shade) leaves its version in a jar
     * @param symbolicName its OSGi {@code Bundle-SymbolicName}, for a jar that is the library's own
     * @param coreClass one of its classes, loaded by the core, for the core's version
     */
    record Library(String name, String entries, String pomProperties, String symbolicName, Class<?> coreClass) {
        Library {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(entries, "entries");
            Objects.requireNonNull(pomProperties, "pomProperties");
            Objects.requireNonNull(symbolicName, "symbolicName");
            Objects.requireNonNull(coreClass, "coreClass");
        }
    }

    static final List<Library> SHARED = List.of(
            new Library("SLF4J", "org/slf4j/", "META-INF/maven/org.slf4j/slf4j-api/pom.properties", "slf4j.api",
                    LoggerFactory.class),
            new Library("Typesafe Config", "com/typesafe/config/", "META-INF/maven/com.typesafe/config/pom.properties",
                    "com.typesafe.config", Config.class));

    private static final String UNKNOWN = "of an unknown version";

    private SharedLibraryCopies() {
    }

    /**
     * One warning per shared library the jar bundles, naming the jar and both versions, e.g.
     * {@code modules/x.jar: bundles SLF4J 1.7.36 (org/slf4j/Logger.class), which is never
     * used: the module runs on Postern's SLF4J 2.0.17 ...}.
     */
    static List<String> warnings(JarFile jar, String source) throws IOException {
        List<String> warnings = new ArrayList<>();
        for (Library library : SHARED) {
            Optional<String> entry = jar.stream().map(ZipEntry::getName)
                    .filter(n -> n.startsWith(library.entries()) && n.endsWith(".class")).findFirst();
            if (entry.isPresent()) {
                warnings.add(source + ": bundles " + library.name() + " " + bundledVersion(jar, library) + " ("
                        + entry.get() + "), which is never used: the module runs on Postern's " + library.name()
                        + " " + coreVersion(library) + " (build it with " + library.name()
                        + " as a provided dependency)");
            }
        }
        return warnings;
    }

    /** From the copy's pom.properties, else from the jar's manifest when the jar is the library's own. */
    private static String bundledVersion(JarFile jar, Library library) throws IOException {
        ZipEntry pom = jar.getEntry(library.pomProperties());
        if (pom != null) {
            Properties properties = new Properties();
            try (InputStream in = jar.getInputStream(pom)) {
                properties.load(in);
            }
            String version = properties.getProperty("version");
            if (version != null && !version.isBlank()) {
                return version.trim();
            }
        }
        Manifest manifest = jar.getManifest();
        if (manifest != null) {
            Attributes main = manifest.getMainAttributes();
            String symbolicName = main.getValue("Bundle-SymbolicName");
            String version = main.getValue("Bundle-Version");
            if (symbolicName != null && symbolicName.split(";")[0].trim().equals(library.symbolicName())
                    && version != null) {
                return version.trim();
            }
        }
        return UNKNOWN;
    }

    private static String coreVersion(Library library) {
        String version = library.coreClass().getPackage().getImplementationVersion();
        return version != null ? version : UNKNOWN;
    }
}
