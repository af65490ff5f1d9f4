package io.postern.imap.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/** Bytes of a streamed literal, relayed as they come. */
final class LiteralChunk extends DefaultByteBufHolder {

    private final boolean seen;

    /**
     * @param seen whether the literal is the one that ended a framed message, whose bytes the
     *     filters observe; false for literals later on the same line, which are relayed unseen
     */
    LiteralChunk(ByteBuf bytes, boolean seen) {
        super(bytes);
        this.seen = seen;
    }

    boolean seen() {
        return seen;
    }

    @Override
    public String toString() {
        return "LiteralChunk(" + content().readableBytes() + " bytes" + (seen ? ", seen" : "") + ")";
    }
}
