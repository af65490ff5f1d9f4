package io.postern.spi;

import static org.assertj.core.api.Assertions.assertThat;

import japicmp.cmp.JApiCmpArchive;
import japicmp.cmp.JarArchiveComparator;
import japicmp.cmp.JarArchiveComparatorOptions;
import japicmp.filter.JavadocLikePackageFilter;
import japicmp.model.JApiClass;
import japicmp.model.JApiCompatibilityChange;
import japicmp.model.JApiHasChangeStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javassist.ClassPool;
import javassist.CtClass;
import javassist.CtMethod;
import javassist.CtNewMethod;
import javassist.Modifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SPI compatibility rule that {@code mvn verify} enforces with japicmp (proxy-core's
 * pom.xml): compared with the baseline SPI, nothing may break a module built against it, in
 * binary or in source. The same comparison is run here on changed copies of the baseline, to
 * show the check fails what it must (a removed method, a new abstract method in an interface a
 * module implements) and lets through what a minor version may add (a default method, a class).
 */
class SpiCompatibilityTest {

    private static final Path BASELINE = Path.of("src/spi-baseline/postern-spi-1.3.jar");

    @TempDir
    Path dir;

    @Test
    void theCurrentSpiIsCompatibleWithTheBaseline() throws Exception {
        assertThat(incompatibilities(BASELINE, currentSpi())).isEmpty();
    }

    @Test
    void aRemovedMethodIsIncompatible() throws Exception {
        Path changed = changed(Map.of("io.postern.spi.SpiVersion", c -> c.removeMethod(c.getDeclaredMethod("current"))));

        assertThat(incompatibilities(BASELINE, changed)).contains("io.postern.spi.SpiVersion#current: METHOD_REMOVED");
    }

    @Test
    void aNewAbstractMethodInAnInterfaceModulesImplementIsIncompatible() throws Exception {
        Path changed = changed(Map.of("io.postern.spi.Authenticator", c -> c.addMethod(CtNewMethod.abstractMethod(
                CtClass.voidType, "close", new CtClass[0], new CtClass[0], c))));

        assertThat(incompatibilities(BASELINE, changed))
                .contains("io.postern.spi.Authenticator#close: METHOD_ADDED_TO_INTERFACE");
    }

    @Test
    void aChangedReturnTypeIsIncompatible() throws Exception {
        Path changed = changed(Map.of("io.postern.spi.SpiVersion", c -> {
            c.removeMethod(c.getDeclaredMethod("current"));
            c.addMethod(CtNewMethod.make("public static Object current() { return null; }", c));
        }));

        assertThat(incompatibilities(BASELINE, changed)).isNotEmpty();
    }

    @Test
    void aNewDefaultMethodIsCompatible() throws Exception {
        Path changed = changed(Map.of("io.postern.spi.SessionListener", c -> {
            CtMethod method = CtNewMethod.make("public void onReload(io.postern.spi.SessionInfo session) { }", c);
            c.addMethod(method);
        }));

        assertThat(incompatibilities(BASELINE, changed)).isEmpty();
    }

    @Test
    void aNewStaticFactoryAndANewPublicMethodOfARecordAreCompatible() throws Exception {
        Path changed = changed(Map.of("io.postern.spi.Directive", c -> {
            c.addMethod(CtNewMethod.make("public boolean mailOnly() { return false; }", c));
            CtMethod factory = CtNewMethod.make(
                    "public static io.postern.spi.Directive atMailLevel(String name) { return null; }", c);
            factory.setModifiers(Modifier.PUBLIC | Modifier.STATIC);
            c.addMethod(factory);
        }));

        assertThat(incompatibilities(BASELINE, changed)).isEmpty();
    }

    /** Every binary- or source-incompatible change, as {@code class[#member]: CHANGE}. */
    static List<String> incompatibilities(Path oldJar, Path newJar) {
        JarArchiveComparatorOptions options = new JarArchiveComparatorOptions();
        options.getFilters().getIncludes().add(new JavadocLikePackageFilter("io.postern.spi", false));
        // As in the pom: Typesafe Config and SLF4J types are referenced, not compared.
        options.getIgnoreMissingClasses().setIgnoreAllMissingClasses(true);
        List<JApiClass> classes = new JarArchiveComparator(options).compare(
                new JApiCmpArchive(oldJar.toFile(), "baseline"), new JApiCmpArchive(newJar.toFile(), "new"));
        List<String> problems = new ArrayList<>();
        for (JApiClass c : classes) {
            String name = c.getFullyQualifiedName();
            add(problems, name, c.getCompatibilityChanges());
            c.getMethods().forEach(m -> add(problems, name + "#" + m.getName(), m.getCompatibilityChanges()));
            c.getConstructors().forEach(m -> add(problems, name + "#<init>", m.getCompatibilityChanges()));
            c.getFields().forEach(f -> add(problems, name + "#" + f.getName(), f.getCompatibilityChanges()));
            if (!(c.isBinaryCompatible() && c.isSourceCompatible()) && problems.stream().noneMatch(p -> p.startsWith(name))) {
                problems.add(name + ": " + ((JApiHasChangeStatus) c).getChangeStatus());
            }
        }
        return problems;
    }

    private static void add(List<String> problems, String where, List<JApiCompatibilityChange> changes) {
        changes.stream().filter(change -> !change.isBinaryCompatible() || !change.isSourceCompatible())
                .forEach(change -> problems.add(where + ": " + change.getType()));
    }

    /** The SPI classes this build compiled, as a jar like the spi jar. */
    private Path currentSpi() throws IOException {
        Path classes = Path.of("target/classes");
        Path jar = dir.resolve("current-spi.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes.resolve("io/postern/spi"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    interface Change {
        void apply(CtClass type) throws Exception;
    }

    /** The baseline jar with the given classes changed (javassist), everything else as it is. */
    private Path changed(Map<String, Change> changes) throws Exception {
        ClassPool pool = new ClassPool(true);
        pool.insertClassPath(BASELINE.toString());
        Path jar = dir.resolve("changed-spi.jar");
        try (JarFile in = new JarFile(BASELINE.toFile());
             OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file)) {
            Enumeration<JarEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String className = entry.getName().endsWith(".class")
                        ? entry.getName().substring(0, entry.getName().length() - ".class".length()).replace('/', '.')
                        : null;
                out.putNextEntry(new JarEntry(entry.getName()));
                if (className != null && changes.containsKey(className)) {
                    CtClass type = pool.get(className);
                    changes.get(className).apply(type);
                    out.write(type.toBytecode());
                } else {
                    try (InputStream bytes = in.getInputStream(entry)) {
                        bytes.transferTo(out);
                    }
                }
                out.closeEntry();
            }
        }
        return jar;
    }
}
