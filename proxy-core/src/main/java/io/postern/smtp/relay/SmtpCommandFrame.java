package io.postern.smtp.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.postern.spi.smtp.SmtpCommand;

/**
 * A client's command line: its bytes as they go on, the command filters see and, for a BDAT,
 * the size of the chunk that follows it (whose bytes come next as stream chunks and an end).
 */
final class SmtpCommandFrame extends DefaultByteBufHolder {

    /** {@link #chunkSize()} of a command that is not a BDAT. */
    static final long NO_CHUNK = -1;

    private final SmtpCommand command;
    private final long chunkSize;

    SmtpCommandFrame(ByteBuf wire, SmtpCommand command, long chunkSize) {
        super(wire);
        this.command = command;
        this.chunkSize = chunkSize;
    }

    SmtpCommand command() {
        return command;
    }

    long chunkSize() {
        return chunkSize;
    }

    boolean isBdat() {
        return chunkSize != NO_CHUNK;
    }

    @Override
    public String toString() {
        // The argument may be private (an address, an AUTH payload).
        return "SmtpCommandFrame[" + command.verb() + "]";
    }
}
