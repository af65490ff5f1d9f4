package io.postern.pop3.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.postern.spi.pop3.Pop3Response;

/**
 * A server's answer: its bytes as they arrived (the status line, and the whole block of a
 * {@link Pop3Response.Body#LINES} answer) and the answer filters see. When
 * {@link #bodyFollows()}, the block comes next as stream chunks and a stream end.
 */
final class Pop3AnswerFrame extends DefaultByteBufHolder {

    private final Pop3Response response;
    private final boolean bodyFollows;

    Pop3AnswerFrame(ByteBuf wire, Pop3Response response, boolean bodyFollows) {
        super(wire);
        this.response = response;
        this.bodyFollows = bodyFollows;
    }

    Pop3Response response() {
        return response;
    }

    boolean bodyFollows() {
        return bodyFollows;
    }

    @Override
    public String toString() {
        return "Pop3AnswerFrame[" + (response.ok() ? "+OK " : "-ERR ") + response.body() + "]";
    }
}
