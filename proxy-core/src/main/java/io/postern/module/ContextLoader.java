package io.postern.module;

import java.util.function.Supplier;

/**
 * Runs module code with the module's class loader as the thread's context loader, because
 * libraries a module bundles (and Typesafe Config) look resources up through it.
 */
final class ContextLoader {

    private ContextLoader() {
    }

    static <T> T call(ClassLoader loader, Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    static void run(ClassLoader loader, Runnable action) {
        call(loader, () -> {
            action.run();
            return null;
        });
    }
}
