package io.postern.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A piece of a streamed payload as it arrived (a POP3 RETR body, SMTP message data, a BDAT
 * chunk, an IMAP literal): relayed as it is and shown to the filters, never gathered whole.
 */
public final class StreamChunk extends DefaultByteBufHolder {

    public StreamChunk(ByteBuf bytes) {
        super(bytes);
    }

    @Override
    public String toString() {
        return "StreamChunk[" + content().readableBytes() + " bytes]";
    }
}
