package io.postern.module;

import io.postern.spi.PosternModule;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds modules that are on the core's own class path (the distribution's {@code lib/}, or a
 * test's class path). They share the core's loader, so each descriptor is read from the
 * provider class's own jar or directory: the shared loader's {@code getResource} would
 * return whichever descriptor comes first on the class path.
 */
final class ClasspathModules {

    private static final String SOURCE_PREFIX = "classpath:";

    private ClasspathModules() {
    }

    static void discover(ClassLoader classpath, ModuleScan scan) {
        Iterator<ServiceLoader.Provider<PosternModule>> providers =
                ServiceLoader.load(PosternModule.class, classpath).stream().iterator();
        while (true) {
            ServiceLoader.Provider<PosternModule> provider;
            try {
                if (!providers.hasNext()) {
                    return;
                }
                provider = providers.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                // The iterator cannot be trusted to move on after a broken services file.
                scan.problems().add("classpath", "cannot list its modules: " + e.getMessage(), e);
                return;
            }
            load(provider, scan);
        }
    }

    private static void load(ServiceLoader.Provider<PosternModule> provider, ModuleScan scan) {
        Class<?> type = provider.type();
        Optional<Path> location = CodeSources.locationOf(type);
        if (location.isEmpty()) {
            scan.problems().add(SOURCE_PREFIX + type.getName(),
                    "no local jar or directory to read " + ModuleDescriptor.PATH + " from");
            return;
        }
        String source = SOURCE_PREFIX + location.get();
        ModuleDescriptor descriptor = readDescriptor(location.get(), source, type, scan.problems());
        if (descriptor == null || !scan.claim(descriptor)) {
            return;
        }
        ClassLoader loader = type.getClassLoader() != null ? type.getClassLoader() : ClassLoader.getPlatformClassLoader();
        PosternModule module = scan.instantiate(provider, loader, source);
        if (module != null) {
            scan.add(new LoadedModule(descriptor, module, loader));
        }
    }

    /** The checked descriptor next to the provider class; null after a problem. */
    private static ModuleDescriptor readDescriptor(Path location, String source, Class<?> type, Problems problems) {
        ModuleDescriptor descriptor;
        try {
            URL url = CodeSources.entry(location, ModuleDescriptor.PATH);
            if (url == null) {
                problems.add(source, "no " + ModuleDescriptor.PATH + " for module " + type.getName()
                        + " (expected: the module's name, version and spi-version)");
                return null;
            }
            try (InputStream in = CodeSources.open(url)) {
                descriptor = ModuleDescriptor.read(in, source);
            }
        } catch (IllegalArgumentException e) {
            problems.add(source, ModuleDescriptor.PATH + ": " + e.getMessage());
            return null;
        } catch (IOException e) {
            problems.add(source, "cannot be read (" + e + ")", e);
            return null;
        }
        if (!descriptor.isCompatible()) {
            problems.add(source, descriptor.incompatibility());
            return null;
        }
        return descriptor;
    }
}
