package io.postern.auth;

import io.postern.spi.Directive;
import io.postern.spi.ModuleContext;
import io.postern.spi.Reconfiguration;
import java.util.List;

/**
 * One capability of module-auth (auth_http, the users file, throttling, the cache): the
 * directives it owns and the handlers it registers. The module is the sum of its features,
 * each configured in the order of {@link AuthModule#FEATURES}, which is also the default
 * order of their handlers in the AUTH phase.
 */
public interface AuthFeature {

    List<Directive> directives();

    /** Reads this feature's directives and registers its handlers, if it is enabled. */
    void configure(ModuleContext context);

    /**
     * Prepares this feature for a reloaded configuration: registers its new handlers without
     * touching the running ones. The default suits a feature that keeps nothing between
     * configurations: it configures again, and there is nothing to swap.
     */
    default Reconfiguration reconfigure(ModuleContext context) {
        configure(context);
        return new Reconfiguration() { };
    }

    /** Starts background work (timers, file watching); never called for {@code postern -t}. */
    default void start() throws Exception {
    }

    default void close() {
    }
}
