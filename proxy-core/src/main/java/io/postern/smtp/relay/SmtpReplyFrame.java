package io.postern.smtp.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.postern.spi.smtp.SmtpReply;

/** A server's reply, all its lines: its bytes as they arrived and the reply filters see. */
final class SmtpReplyFrame extends DefaultByteBufHolder {

    private final SmtpReply reply;

    SmtpReplyFrame(ByteBuf wire, SmtpReply reply) {
        super(wire);
        this.reply = reply;
    }

    SmtpReply reply() {
        return reply;
    }

    @Override
    public String toString() {
        return "SmtpReplyFrame[" + reply.code() + ", " + reply.lines().size() + " lines]";
    }
}
