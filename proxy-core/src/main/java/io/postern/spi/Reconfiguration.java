package io.postern.spi;

/**
 * A module's part of a reload, prepared by {@link PosternModule#reconfigure(ModuleContext)}
 * and then either committed or abandoned, once, on the thread that reloads (never an event
 * loop). Until {@link #commit()} the running configuration must be untouched: the sessions open
 * now, and new ones until the commit, are served by the handlers the module registered before.
 *
 * <p>Added in SPI 1.4.
 */
public interface Reconfiguration {

    /**
     * Every module prepared its part and the listeners are bound: make the new state the
     * module's own (swap references, start what was prepared but not started, stop what the new
     * configuration no longer uses). New sessions get the handlers registered during
     * {@code reconfigure} right after this returns. It should not fail: an exception is logged,
     * and the reload goes on, since the other modules have committed already.
     */
    default void commit() {
    }

    /**
     * Another module refused the reload, or a new listener could not be bound: release what
     * {@code reconfigure} built. The module goes on with its running state.
     */
    default void abandon() {
    }

    /**
     * The last session that started under the configuration before this reload has ended (or
     * Postern is stopping): what only those sessions still used (an old log file, an old
     * client) can be closed now. Called after {@link #commit()}, on a thread of the core's, never
     * an event loop; an exception is logged.
     */
    default void retired() {
    }
}
