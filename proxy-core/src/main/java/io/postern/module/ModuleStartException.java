package io.postern.module;

/**
 * A module's {@code start()} threw. The message is one line that names the module, its jar and
 * the cause; see {@link LoadedModule#failure}.
 */
public final class ModuleStartException extends Exception {
    private static final long serialVersionUID = 1L;

    ModuleStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
