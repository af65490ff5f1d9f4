package io.postern.module;

import io.postern.spi.PosternModule;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads one module jar of the {@code modules/} directory into a class loader of its own. */
final class JarModules {

    private static final Logger log = LoggerFactory.getLogger(JarModules.class);
    private static final String SPI_ENTRIES = "io/postern/spi/";
    private static final String SERVICES = "META-INF/services/" + PosternModule.class.getName();

    private JarModules() {
    }

    static void load(Path jar, ModuleScan scan) {
        String source = jar.toString();
        ModuleDescriptor descriptor = inspect(jar, source, scan.problems());
        if (descriptor == null || !scan.claim(descriptor)) {
            return;
        }
        ModuleClassLoader loader;
        try {
            loader = new ModuleClassLoader(descriptor.name(), List.of(jar.toUri().toURL()),
                    PosternModule.class.getClassLoader());
        } catch (MalformedURLException e) {
            scan.problems().add(source, "cannot be turned into a URL (" + e.getMessage() + ")", e);
            return;
        }
        PosternModule module = instantiate(loader, source, scan);
        if (module == null) {
            closeQuietly(loader, source);
            return;
        }
        scan.add(new LoadedModule(descriptor, module, loader));
    }

    private static void closeQuietly(ModuleClassLoader loader, String source) {
        try {
            loader.close();
        } catch (IOException e) {
            log.warn("{}: closing its class loader failed", source, e);
        }
    }

    /** Reads and checks the descriptor without creating a class loader; null after a problem. */
    private static ModuleDescriptor inspect(Path jar, String source, Problems problems) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return check(file, source, problems);
        } catch (ZipException e) {
            problems.add(source, "not a valid jar file (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            problems.add(source, "cannot be read (" + e + ")", e);
        } catch (SecurityException e) {
            problems.add(source, "is signed but does not verify (" + e.getMessage() + ")", e);
        }
        return null;
    }

    private static ModuleDescriptor check(JarFile file, String source, Problems problems) throws IOException {
        JarEntry entry = file.getJarEntry(ModuleDescriptor.PATH);
        if (entry == null) {
            problems.add(source, "no " + ModuleDescriptor.PATH + " (expected: the module's name, version and spi-version)");
            return null;
        }
        // A bundled copy of the SPI would be ignored (the core's copy is delegated to), so a
        // module built that way was built wrong and may not match this core's SPI at all.
        Optional<String> bundled = file.stream().map(ZipEntry::getName).filter(n -> n.startsWith(SPI_ENTRIES)).findFirst();
        if (bundled.isPresent()) {
            problems.add(source, "bundles the Postern SPI (" + bundled.get()
                    + "); build it against proxy-core's spi jar with provided scope");
            return null;
        }
        ModuleDescriptor descriptor;
        try (InputStream in = file.getInputStream(entry)) {
            descriptor = ModuleDescriptor.read(in, source);
        } catch (IllegalArgumentException e) {
            problems.add(source, ModuleDescriptor.PATH + ": " + e.getMessage());
            return null;
        }
        if (!descriptor.isCompatible()) {
            problems.add(source, descriptor.incompatibility());
            return null;
        }
        // Not an error: the module may work on the core's version. But it was built and tested
        // with another, and nothing else would tell the operator.
        SharedLibraryCopies.warnings(file, source).forEach(log::warn);
        return descriptor;
    }

    /** The jar's one provider, created; null after a problem. */
    private static PosternModule instantiate(ModuleClassLoader loader, String source, ModuleScan scan) {
        List<ServiceLoader.Provider<PosternModule>> providers = new ArrayList<>();
        try {
            ServiceLoader.load(PosternModule.class, loader).stream()
                    .filter(p -> p.type().getClassLoader() == loader)
                    .forEach(providers::add);
        } catch (ServiceConfigurationError | LinkageError e) {
            scan.problems().add(source, "cannot list its modules: " + e.getMessage(), e);
            return null;
        }
        if (providers.isEmpty()) {
            scan.problems().add(source, "no module provider (expected: the class implementing "
                    + PosternModule.class.getName() + " listed in " + SERVICES + ")");
            return null;
        }
        if (providers.size() > 1) {
            scan.problems().add(source, providers.size() + " module providers "
                    + providers.stream().map(p -> p.type().getName()).toList() + " (expected: one per jar)");
            return null;
        }
        return scan.instantiate(providers.get(0), loader, source);
    }
}
