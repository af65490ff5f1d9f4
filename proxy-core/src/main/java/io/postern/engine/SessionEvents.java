package io.postern.engine;

import io.postern.module.Named;
import io.postern.spi.SessionListener;
import java.util.List;
import java.util.function.Consumer;

/**
 * Delivers session events to the LOG phase's listeners. A listener that throws is logged and
 * skipped: a listener must never harm a session.
 */
final class SessionEvents {

    private final List<Named<SessionListener>> listeners;

    SessionEvents(List<Named<SessionListener>> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    void fire(Session session, Consumer<SessionListener> event) {
        for (Named<SessionListener> listener : listeners) {
            ClassLoader previous = listener.enter();
            try {
                event.accept(listener.handler());
            } catch (RuntimeException e) {
                session.log().warn("session listener {}/{} failed: {}", listener.module(), listener.name(), e.toString());
            } finally {
                Named.leave(previous);
            }
        }
    }
}
