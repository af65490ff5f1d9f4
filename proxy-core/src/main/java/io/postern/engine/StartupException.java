package io.postern.engine;

/** Postern could not start serving (a listener could not be bound, a module refused to start). */
public final class StartupException extends Exception {
    private static final long serialVersionUID = 1L;

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
