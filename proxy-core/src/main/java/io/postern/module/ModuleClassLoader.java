package io.postern.module;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;

/**
 * The class loader of one module jar. Its parent is the platform loader, so the core's
 * internals and the core's own dependencies stay out of reach; only the SPI, Typesafe Config
 * and SLF4J come from the core's loader, because their types cross the boundary between core
 * and module and must be the same classes on both sides. Everything else is looked up in the
 * jar first, so a module's bundled dependencies win over anything the platform offers.
 */
final class ModuleClassLoader extends URLClassLoader {

    static {
        ClassLoader.registerAsParallelCapable();
    }

    /** Packages whose classes and resources come from the core's loader only. */
    private static final List<String> CORE_PACKAGES = List.of("io.postern.spi.", "com.typesafe.config.", "org.slf4j.");
    private static final List<String> CORE_RESOURCES =
            CORE_PACKAGES.stream().map(p -> p.replace('.', '/')).toList();

    private final ClassLoader core;

    /**
     * @param moduleName for the loader's name, shown in stack traces and heap dumps
     * @param jars the module's jar (tests may pass none)
     * @param core the loader of the SPI classes ({@code PosternModule.class.getClassLoader()})
     */
    ModuleClassLoader(String moduleName, List<URL> jars, ClassLoader core) {
        super("module-" + moduleName, jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        this.core = Objects.requireNonNull(core, "core");
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> type = findLoadedClass(name);
            if (type == null) {
                type = locate(name);
            }
            if (resolve) {
                resolveClass(type);
            }
            return type;
        }
    }

    private Class<?> locate(String name) throws ClassNotFoundException {
        if (startsWithAny(name, CORE_PACKAGES)) {
            return core.loadClass(name);
        }
        // Only the boot and platform loaders may define java.*; asking the jar first would
        // fail with a SecurityException instead of finding the class.
        if (name.startsWith("java.")) {
            return getParent().loadClass(name);
        }
        try {
            return findClass(name);
        } catch (ClassNotFoundException notInJar) {
            return getParent().loadClass(name);
        }
    }

    @Override
    public URL getResource(String name) {
        if (startsWithAny(name, CORE_RESOURCES)) {
            return core.getResource(name);
        }
        URL own = findResource(name);
        if (own != null || isModuleOnly(name)) {
            return own;
        }
        return getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (startsWithAny(name, CORE_RESOURCES)) {
            return core.getResources(name);
        }
        if (isModuleOnly(name)) {
            return findResources(name);
        }
        List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
        all.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(all);
    }

    /**
     * Resources that describe the module itself: found anywhere else they would make the
     * module load a stranger's providers or defaults.
     */
    private static boolean isModuleOnly(String name) {
        return name.startsWith("META-INF/services/") || name.equals("reference.conf")
                || name.equals(ModuleDescriptor.PATH);
    }

    private static boolean startsWithAny(String name, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
