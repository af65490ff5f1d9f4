package io.postern.imap.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.postern.spi.imap.ImapResponse;
import java.util.Optional;

/**
 * A response as the server sent it: parsed for the filters, and its bytes (to the line end, or
 * to the end of the header of the literal it streams) to send on unchanged.
 */
final class FramedResponse extends DefaultByteBufHolder {

    private final ImapResponse response;
    private final Optional<LiteralMark> streamed;

    /** @param streamed the header of the literal that ends the response, whose bytes follow it */
    FramedResponse(ImapResponse response, ByteBuf bytes, Optional<LiteralMark> streamed) {
        super(bytes);
        this.response = response;
        this.streamed = streamed;
    }

    ImapResponse response() {
        return response;
    }

    Optional<LiteralMark> streamed() {
        return streamed;
    }

    @Override
    public String toString() {
        return "FramedResponse(" + response.getClass().getSimpleName() + ", " + content().readableBytes() + " bytes)";
    }
}
