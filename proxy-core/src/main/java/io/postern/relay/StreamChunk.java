package io.postern.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A piece of a streamed payload as it arrived (a POP3 RETR body, SMTP message data, a BDAT
 * chunk, an IMAP literal): relayed as it is and shown to the filters, never gathered whole.
 */
public final class StreamChunk extends DefaultByteBufHolder {

    private final boolean seen;

    public StreamChunk(ByteBuf bytes) {
        this(bytes, true);
    }

    /**
     * @param seen whether the filters observe the bytes: false for IMAP literals after the one
     *     that ended a framed message on the same line, which are relayed unseen
     */
    public StreamChunk(ByteBuf bytes, boolean seen) {
        super(bytes);
        this.seen = seen;
    }

    public boolean seen() {
        return seen;
    }

    @Override
    public String toString() {
        return "StreamChunk[" + content().readableBytes() + " bytes" + (seen ? "" : ", unseen") + "]";
    }
}
