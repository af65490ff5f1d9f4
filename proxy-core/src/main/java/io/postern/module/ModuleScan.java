package io.postern.module;

import io.postern.spi.PosternModule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** The state of one {@link ModuleLoader#load} run: what was loaded, what went wrong, which names are taken. */
final class ModuleScan {

    private final Problems problems = new Problems();
    private final List<LoadedModule> loaded = new ArrayList<>();
    private final Map<String, String> sourceByName = new HashMap<>();

    Problems problems() {
        return problems;
    }

    List<LoadedModule> loaded() {
        return loaded;
    }

    void add(LoadedModule module) {
        loaded.add(module);
    }

    /**
     * Reserves the descriptor's module name, before any of the module's classes is loaded.
     *
     * @return false (and a problem naming both sources) when another module has the name
     */
    boolean claim(ModuleDescriptor descriptor) {
        String previous = sourceByName.putIfAbsent(descriptor.name(), descriptor.source());
        if (previous == null) {
            return true;
        }
        problems.addUnprefixed("duplicate module name \"" + descriptor.name() + "\": " + previous + " and "
                + descriptor.source());
        return false;
    }

    /**
     * Creates the module instance with its own loader as the context loader.
     *
     * @return null (and a problem naming the source and the cause) when the constructor failed
     */
    PosternModule instantiate(ServiceLoader.Provider<PosternModule> provider, ClassLoader loader, String source) {
        try {
            return ContextLoader.call(loader, provider::get);
        } catch (RuntimeException | Error e) {
            Throwable cause = e instanceof ServiceConfigurationError && e.getCause() != null ? e.getCause() : e;
            problems.add(source, "cannot create module " + provider.type().getName() + ": "
                    + Failures.describe(cause), e);
            return null;
        }
    }
}
