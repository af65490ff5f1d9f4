package io.postern.imap.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.postern.relay.ReadGate;

/**
 * Writes to one side of the session and keeps the other side from reading while this one
 * cannot keep up (the raw relay's backpressure, through a {@link ReadGate} because the client's
 * reads may also wait for the upstream's {@code +}).
 */
final class PeerWriter {

    private final Channel peer;
    private final ReadGate sourceReads;

    /**
     * @param peer the channel written to
     * @param sourceReads the reads of the channel whose bytes are written to {@code peer}
     */
    PeerWriter(Channel peer, ReadGate sourceReads) {
        this.peer = peer;
        this.sourceReads = sourceReads;
    }

    void write(ByteBuf bytes) {
        peer.write(bytes, peer.voidPromise());
        if (!peer.isWritable()) {
            // Stop reading before flushing: a flush that drains the peer at once fires the
            // writability event now, and that event must find reading stopped to restart it.
            sourceReads.close(ReadGate.Reason.PEER_BACKPRESSURE);
            peer.flush();
        }
    }

    void flush() {
        peer.flush();
    }

    /** The peer's writability changed: the source may read again once the peer drained. */
    void writabilityChanged() {
        if (peer.isWritable()) {
            sourceReads.open(ReadGate.Reason.PEER_BACKPRESSURE);
        }
    }

    Channel channel() {
        return peer;
    }
}
