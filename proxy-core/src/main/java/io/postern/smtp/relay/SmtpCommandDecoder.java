package io.postern.smtp.relay;

import io.netty.buffer.ByteBuf;
import io.postern.relay.DotTerminator;
import io.postern.relay.FrameDecoder;
import io.postern.relay.FramingError;
import io.postern.relay.Lines;
import io.postern.relay.MessageFrame;
import io.postern.relay.ReadGate;
import io.postern.relay.StreamChunk;
import io.postern.relay.StreamEnd;
import io.postern.spi.smtp.SmtpCommand;
import java.util.OptionalLong;

/**
 * Cuts a logged-in SMTP client's input into commands, message data and BDAT chunks.
 *
 * <ul>
 *   <li>Commands: lines of at most {@code smtp_client_buffer} bytes ending with CRLF or, as
 *       before login, a bare LF (then they go on with CRLF); a line holding another CR is
 *       refused. A longer line ends the framing.</li>
 *   <li>Message data, once the handler says the server took DATA ({@link #startData()}): the
 *       bytes as they come, as {@link StreamChunk}s, to the first {@code CRLF.CRLF}, whose
 *       {@code .CRLF} ends the {@link StreamEnd}. Only that ends the data (RFC 5321 4.1.1.4):
 *       a CR or LF that is not part of a CRLF is reported as a {@link BareLineBreak}, after
 *       which the rest of the message, to a line holding only a dot however it is ended, is
 *       skipped and a {@link StreamEnd} without bytes says where it ended. The decoder takes
 *       nothing after it: the session ends there.</li>
 *   <li>BDAT chunks (RFC 3030): exactly the size the command gives, as chunks, then a
 *       {@link StreamEnd} without bytes; no dot-stuffing, no terminator. A BDAT line that is
 *       not {@code BDAT <size> [LAST]} ends the framing: how many bytes follow is unknown.</li>
 * </ul>
 */
final class SmtpCommandDecoder extends FrameDecoder {

    private enum State { COMMAND, DATA, REFUSED_DATA, CHUNK }

    private final int maxLineLength;
    private final DotTerminator data = new DotTerminator(DotTerminator.Mode.STRICT);
    private final DotTerminator refused = new DotTerminator(DotTerminator.Mode.LOOSE);
    private State state = State.COMMAND;
    private long chunkLeft;

    /** @param maxLineLength {@code smtp_client_buffer}: the longest command line, line ending included */
    SmtpCommandDecoder(ReadGate gate, int maxLineLength) {
        super(gate);
        this.maxLineLength = maxLineLength;
    }

    /** The server answered DATA with 354: what follows is the message. Call it while paused, before resuming. */
    void startData() {
        state = State.DATA;
        data.reset();
    }

    @Override
    protected boolean decode(ByteBuf in) {
        return switch (state) {
            case COMMAND -> command(in);
            case DATA -> data(in);
            case REFUSED_DATA -> refusedData(in);
            case CHUNK -> chunk(in);
        };
    }

    private boolean command(ByteBuf in) {
        int start = in.readerIndex();
        int lf = commandLine(in, maxLineLength, "command line longer than smtp_client_buffer");
        if (lf < 0) {
            return lf != Lines.INCOMPLETE;
        }
        String text = Lines.text(in, start, Lines.textEnd(in, start, lf));
        SmtpCommand command = SmtpWire.parse(text);
        if (!command.verb().equals("BDAT")) {
            ByteBuf wire = Lines.wire(in, start, lf, alloc());
            in.readerIndex(lf + 1);
            emit(frame(wire, command));
            return true;
        }
        OptionalLong size = SmtpWire.bdatSize(text);
        if (size.isEmpty()) {
            return fail(in, FramingError.Kind.MALFORMED, "malformed BDAT command");
        }
        ByteBuf wire = Lines.wire(in, start, lf, alloc());
        in.readerIndex(lf + 1);
        chunkLeft = size.getAsLong();
        state = chunkLeft == 0 ? State.COMMAND : State.CHUNK;
        emit(frame(wire, command));
        if (chunkLeft == 0) {
            emit(StreamEnd.counted());
        }
        return true;
    }

    /** A command line; a BDAT's chunk follows it as stream chunks and an end. */
    private static MessageFrame<SmtpCommand> frame(ByteBuf wire, SmtpCommand command) {
        return new MessageFrame<>(wire, command, command.verb()); // the argument may be private
    }

    private boolean data(ByteBuf in) {
        int end = data.scan(in, in.readerIndex(), in.writerIndex());
        if (end == DotTerminator.BARE_LINE_BREAK) {
            in.readerIndex(data.position());
            state = State.REFUSED_DATA;
            refused.resumeMidLine();
            emit(new BareLineBreak());
            return true;
        }
        return dotPayload(in, end, data, () -> state = State.COMMAND);
    }

    private boolean refusedData(ByteBuf in) {
        int end = refused.scan(in, in.readerIndex(), in.writerIndex());
        if (end == DotTerminator.NOT_FOUND) {
            in.skipBytes(in.readableBytes());
            return true;
        }
        in.readerIndex(end);
        discardInput();
        emit(StreamEnd.counted());
        return true;
    }

    private boolean chunk(ByteBuf in) {
        int length = (int) Math.min(in.readableBytes(), chunkLeft);
        chunkLeft -= length;
        if (chunkLeft == 0) {
            state = State.COMMAND;
        }
        emit(new StreamChunk(in.readRetainedSlice(length)));
        if (chunkLeft == 0) {
            emit(StreamEnd.counted());
        }
        return true;
    }
}
