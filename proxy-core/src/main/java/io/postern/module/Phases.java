package io.postern.module;

import io.postern.spi.Authenticator;
import io.postern.spi.SessionListener;
import io.postern.spi.UpstreamSelector;
import java.util.List;

/**
 * The handlers of each phase, in the order the phase asks them. Built once by
 * {@link PhasesBuilder} after every module was configured, and immutable from then on, so
 * the event loops read it without locking.
 *
 * @param authenticators the AUTH phase
 * @param upstreamSelectors the UPSTREAM phase
 * @param sessionListeners the LOG phase
 */
public record Phases(List<Named<Authenticator>> authenticators,
                     List<Named<UpstreamSelector>> upstreamSelectors,
                     List<Named<SessionListener>> sessionListeners) {

    public Phases {
        authenticators = List.copyOf(authenticators);
        upstreamSelectors = List.copyOf(upstreamSelectors);
        sessionListeners = List.copyOf(sessionListeners);
    }

    /** No handler in any phase: what a process without modules runs with. */
    public static Phases empty() {
        return new Phases(List.of(), List.of(), List.of());
    }

    /** The names of one module's handlers in the given phase, in phase order. */
    List<String> namesOf(String module, Phase phase) {
        List<? extends Named<?>> handlers = switch (phase) {
            case AUTH -> authenticators;
            case UPSTREAM -> upstreamSelectors;
            case LOG -> sessionListeners;
        };
        return handlers.stream().filter(h -> h.module().equals(module)).map(Named::name).toList();
    }
}
