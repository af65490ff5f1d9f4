package io.postern.module;

import java.util.Objects;

/**
 * A phase handler with the name it was registered under, the module that registered it and
 * that module's class loader. Every call into the handler runs with that loader as the
 * thread's context loader, between {@link #enter()} and {@link #leave}: libraries a module
 * bundles (ServiceLoader, Typesafe Config, logging back-ends) look their resources up there.
 * On an event loop the same two calls time it, for the module's metric and the watchdog that
 * names a handler holding up its event loop ({@link ModuleCallWatchdog}).
 *
 * @param module the registering module's name
 * @param name the handler's name, unique within its phase; the {@code phases} config orders by it
 * @param handler the handler itself
 * @param loader the registering module's class loader
 * @param account where the time of calls into the handler on an event loop is added up
 * @param <T> the phase's handler interface
 */
public record Named<T>(String module, String name, T handler, ClassLoader loader, ModuleTimes.Account account) {
    public Named {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(loader, "loader");
        Objects.requireNonNull(account, "account");
    }

    /** A handler of {@code module}, whose calls count toward that module's time. */
    public Named(String module, String name, T handler, ClassLoader loader) {
        this(module, name, handler, loader, ModuleTimes.of(module));
    }

    /** A handler whose module's loader is the one that defined the handler's class (tests, in-process). */
    public Named(String module, String name, T handler) {
        this(module, name, handler, loaderOf(handler));
    }

    private static ClassLoader loaderOf(Object handler) {
        ClassLoader loader = Objects.requireNonNull(handler, "handler").getClass().getClassLoader();
        return loader != null ? loader : ClassLoader.getPlatformClassLoader();
    }

    /**
     * Makes the module's loader the thread's context loader before a call into the handler.
     * Allocates nothing: it is on the path of every filtered message.
     *
     * @return the context loader to give back to {@link #leave} when the call returns
     */
    public ClassLoader enter() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        // On an event loop, the call is timed and watched (module_call_warn).
        ModuleCallWatch.entered(thread, this);
        return previous;
    }

    /** Restores the context loader {@link #enter()} returned; call it in a {@code finally}. */
    public static void leave(ClassLoader previous) {
        Thread thread = Thread.currentThread();
        ModuleCallWatch.left(thread);
        thread.setContextClassLoader(previous);
    }
}
