package io.postern.spi;

import java.util.List;
import java.util.Optional;

/**
 * The entry point of a module, found with {@link java.util.ServiceLoader} (list the
 * implementation in {@code META-INF/services/io.postern.spi.PosternModule}).
 *
 * <p>Life cycle, all on the start-up thread, never on an event loop:
 * <ol>
 *   <li>{@link #directives()} is read before the configuration is validated, so the
 *       directives a module owns are known to the validator (an unknown directive is an
 *       error). Defaults for them belong in the module's own {@code reference.conf}.</li>
 *   <li>{@link #configure(ModuleContext)} is called once the whole configuration is valid:
 *       read the directives of each server and register handlers.</li>
 *   <li>{@link #start()} is called when Postern starts serving, before its listeners
 *       accept connections; never for {@code postern -t}, which only configures. Start
 *       background resources (servers, timers, file watchers) here, not in configure.</li>
 *   <li>{@link #reconfigure(ModuleContext)} is called on each reload ({@code postern -s reload},
 *       SIGHUP), then the step it returned is committed or abandoned (SPI 1.4).</li>
 *   <li>{@link #close()} is called at shutdown, after the last session ended.</li>
 * </ol>
 *
 * <p>Every method but {@code configure} has a default, so the SPI can grow without breaking
 * modules built against an older minor version.
 */
public interface PosternModule {

    /** The directives this module owns; an operator may set them at mail or server level. */
    default List<Directive> directives() {
        return List.of();
    }

    /**
     * Reads this module's settings and registers its handlers. Throw
     * {@link IllegalArgumentException} with a message naming the directive for a value that
     * passed the type check but is still unusable; start-up then fails with that message.
     */
    void configure(ModuleContext context);

    /**
     * Starts what the module needs to serve. Throw to refuse the start (the message is shown
     * to the operator); Postern then stops without accepting connections.
     */
    default void start() throws Exception {
    }

    /**
     * Reopens the files the module writes (logs), after logrotate moved them away. Called on
     * {@code postern -s reopen} (SIGUSR1, as nginx), on a signal thread, never on an event loop;
     * it may block briefly. An exception is logged and otherwise ignored.
     */
    default void reopen() throws Exception {
    }

    /**
     * Prepares this module for a reloaded configuration ({@code postern -s reload}, SIGHUP),
     * on the reload's thread, never an event loop: read the directives from {@code context} as
     * {@link #configure} does and register the handlers new sessions will use, but leave the
     * running state untouched (sessions are using it), and return the step that swaps it in.
     * Keep what must survive a reload (counters, an auth server's connections, a throttle's
     * memory) by handing the same objects to the new handlers.
     *
     * <p>Throw {@link IllegalArgumentException} with a message naming the directive, as in
     * {@code configure}, to refuse the reload: it is then refused as a whole, every module keeps
     * its running state and the error is logged.
     *
     * <p>The default returns empty, which asks the core for a fresh instance: it creates one
     * the way it created this one (the public no-argument constructor), {@link #configure}s it,
     * {@link #start}s it, and makes it the module once every module prepared; this instance is
     * {@link #close}d when the last session that started before the reload has ended. That is
     * safe for a module without process-wide state, but a module that binds a port in
     * {@code start} or keeps state that must outlive a reload should implement this method.
     *
     * <p>Added in SPI 1.4.
     */
    default Optional<Reconfiguration> reconfigure(ModuleContext context) throws Exception {
        return Optional.empty();
    }

    /** Releases what {@link #configure} and {@link #start} acquired. Called once, at shutdown. */
    default void close() {
    }
}
