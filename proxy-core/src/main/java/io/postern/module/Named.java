package io.postern.module;

import java.util.Objects;

/**
 * A phase handler with the name it was registered under and the module that registered it.
 *
 * @param module the registering module's name
 * @param name the handler's name, unique within its phase; the {@code phases} config orders by it
 * @param handler the handler itself
 * @param <T> the phase's handler interface
 */
public record Named<T>(String module, String name, T handler) {
    public Named {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
    }
}
