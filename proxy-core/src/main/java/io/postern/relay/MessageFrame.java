package io.postern.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A POP3 or SMTP command, answer or reply as it arrived: its bytes, which go on as they are
 * unless a filter changes the message, and the message the filters see.
 *
 * @param <M> the message type: {@code Pop3Command}, {@code Pop3Response}, {@code SmtpCommand}, {@code SmtpReply}
 */
public final class MessageFrame<M> extends DefaultByteBufHolder {

    private final M message;
    private final String label;

    /** @param label what {@link #toString} shows: never the arguments, which may be a password */
    public MessageFrame(ByteBuf wire, M message, String label) {
        super(wire);
        this.message = message;
        this.label = label;
    }

    public M message() {
        return message;
    }

    @Override
    public String toString() {
        return "MessageFrame[" + label + "]";
    }
}
