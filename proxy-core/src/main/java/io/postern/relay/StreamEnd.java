package io.postern.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;

/**
 * The end of a streamed payload, with the bytes that ended it on the wire ({@code .CRLF} after
 * a POP3 body or SMTP data; none after a counted BDAT chunk or literal). The terminator is
 * relayed but is not part of the payload filters see.
 */
public final class StreamEnd extends DefaultByteBufHolder {

    public StreamEnd(ByteBuf terminator) {
        super(terminator);
    }

    /** The end of a counted payload: nothing on the wire marks it. */
    public static StreamEnd counted() {
        return new StreamEnd(Unpooled.EMPTY_BUFFER);
    }

    @Override
    public String toString() {
        return "StreamEnd[" + content().readableBytes() + " bytes]";
    }
}
