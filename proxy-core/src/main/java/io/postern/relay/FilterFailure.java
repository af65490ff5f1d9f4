package io.postern.relay;

/**
 * A post-login filter failed (it threw, returned {@code null}, or gave a verdict the protocol
 * cannot carry out): the typed signal on which the relay ends the session with the protocol's
 * goodbye and {@link io.postern.spi.CloseReason#INTERNAL_ERROR}. The failure is logged where it
 * is detected, naming the filter and the verb but never a command's arguments; the message is
 * the log's, never shown to the client (who reads {@link #GOODBYE}).
 */
public final class FilterFailure extends RuntimeException {

    /** What the client reads in the protocol's goodbye. */
    public static final String GOODBYE = "Internal error";

    public FilterFailure(String message) {
        super(message, null, false, false);
    }
}
