package io.postern.sandbox;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * The class loader the module loader gives a module jar (STYLE.md's recipe): parent = the
 * platform loader, and only the SPI, Typesafe Config and SLF4J delegated to the core. With no
 * jar, it stands in for what the core's own loader can see of a module's dependencies: nothing.
 */
final class ModuleClassLoader extends URLClassLoader {

    private static final String[] SHARED = {"io.postern.spi.", "com.typesafe.config.", "org.slf4j."};

    private final ClassLoader core;

    ModuleClassLoader(URL[] jars, ClassLoader core) {
        super("module", jars, ClassLoader.getPlatformClassLoader());
        this.core = core;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        for (String prefix : SHARED) {
            if (name.startsWith(prefix)) {
                return core.loadClass(name);
            }
        }
        return super.loadClass(name, resolve);
    }
}
