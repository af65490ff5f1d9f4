package io.postern.pop3.relay;

import io.netty.buffer.ByteBuf;
import io.postern.spi.pop3.Pop3Command;
import io.postern.relay.FrameDecoder;
import io.postern.relay.Lines;
import io.postern.relay.MessageFrame;
import io.postern.relay.ReadGate;

/**
 * Cuts a logged-in POP3 client's input into command lines. A line ends with CRLF or, as
 * before login, a bare LF (then it goes on with CRLF); a line holding another CR is refused.
 * A line longer than {@code pop3_client_buffer} ends the framing: where the next command starts
 * is unknown, so everything after it is discarded.
 */
final class Pop3CommandDecoder extends FrameDecoder {

    private final int maxLineLength;

    /** @param maxLineLength {@code pop3_client_buffer}: the longest line, line ending included */
    Pop3CommandDecoder(ReadGate gate, int maxLineLength) {
        super(gate);
        this.maxLineLength = maxLineLength;
    }

    @Override
    protected boolean decode(ByteBuf in) {
        int start = in.readerIndex();
        int lf = commandLine(in, maxLineLength, "command line longer than pop3_client_buffer");
        if (lf < 0) {
            return lf != Lines.INCOMPLETE;
        }
        Pop3Command command = Pop3Wire.parse(Lines.text(in, start, Lines.textEnd(in, start, lf)));
        // The arguments may be a password (PASS).
        MessageFrame<Pop3Command> frame = new MessageFrame<>(Lines.wire(in, start, lf, alloc()), command, command.verb());
        in.readerIndex(lf + 1);
        emit(frame);
        return true;
    }
}
