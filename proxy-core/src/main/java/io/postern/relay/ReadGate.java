package io.postern.relay;

import io.netty.channel.Channel;
import java.util.EnumSet;
import java.util.Set;

/**
 * Whether a channel reads, when several reasons may stop it at once: its peer cannot take
 * more ({@link Reason#PEER_BACKPRESSURE}), or the conversation waits for the other side
 * ({@link Reason#AWAITING_PEER}: an IMAP client's literal until the server's {@code +}, an
 * SMTP client's message until the {@code 354}). A single {@code autoRead} flag would let one
 * reason's end cancel another's pause. Used on the channel's event loop only.
 */
public final class ReadGate {

    /** Why reading stops. */
    public enum Reason {
        /** The peer channel is not writable. */
        PEER_BACKPRESSURE,
        /** The protocol waits for the peer's answer before this side may go on. */
        AWAITING_PEER,
        /** A filter's verdict on this side's last message is still to come ({@code later}). */
        AWAITING_FILTER,
        /**
         * The channel itself is not writable: what it sends is answered locally (a refused
         * command), so reading more would only pile up answers it does not read.
         */
        OWN_BACKPRESSURE
    }

    private final Channel channel;
    private final Set<Reason> reasons = EnumSet.noneOf(Reason.class);

    public ReadGate(Channel channel) {
        this.channel = channel;
    }

    /** Stops reading for {@code reason}, until it is {@linkplain #open opened} again. */
    public void close(Reason reason) {
        reasons.add(reason);
        channel.config().setAutoRead(false);
    }

    /** Ends {@code reason}'s pause; reading resumes when no other reason holds. */
    public void open(Reason reason) {
        reasons.remove(reason);
        if (reasons.isEmpty() && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
    }

    /**
     * Sets {@code autoRead} from the reasons again, for when something else turned it on:
     * {@link io.postern.engine.Relay#install} starts reading on both channels after the bytes
     * buffered before login flowed into the new handlers, which may already have paused.
     */
    public void reapply() {
        channel.config().setAutoRead(reasons.isEmpty());
    }

    /** Whether {@code reason} currently stops reading. */
    public boolean isClosed(Reason reason) {
        return reasons.contains(reason);
    }

    /** Whether reading is stopped for any reason. */
    public boolean isClosed() {
        return !reasons.isEmpty();
    }
}
