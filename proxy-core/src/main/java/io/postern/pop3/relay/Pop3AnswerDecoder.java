package io.postern.pop3.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.postern.relay.DotTerminator;
import io.postern.relay.FrameDecoder;
import io.postern.relay.FramingError;
import io.postern.relay.Lines;
import io.postern.relay.MessageFrame;
import io.postern.relay.ReadGate;
import io.postern.relay.StreamChunk;
import io.postern.relay.StreamEnd;
import io.postern.spi.pop3.Pop3Response;
import io.postern.spi.pop3.Pop3Response.Body;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Cuts a POP3 server's output into answers. Whether a {@code +OK} opens a block depends on the
 * command it answers, which {@code expected} tells (the oldest command still waiting, from the
 * relay's reply queue; {@code -ERR} is always one line):
 *
 * <ul>
 *   <li>{@link Body#LINES} (CAPA, LIST, UIDL, LANG): the whole block is gathered, up to
 *       {@link #MAX_LINES_BLOCK}, and the answer carries its lines with dot-stuffing undone.
 *       A longer block (UIDL of a very large mailbox) is streamed instead, as RETR is: filters
 *       then see {@link Body#STREAMED} and the bytes through {@code onStreamedData};</li>
 *   <li>{@link Body#STREAMED} (RETR, TOP): the status line is an answer of its own, the body
 *       follows as {@link StreamChunk}s as it arrives, then a {@link StreamEnd} with the
 *       terminating {@code .CRLF}. A {@code .} or {@code .CR} at the end of a read is held
 *       back until the next read tells whether it ends the body.</li>
 * </ul>
 *
 * A status line longer than {@link #MAX_STATUS_LINE} or that is neither {@code +OK} nor
 * {@code -ERR} ends the framing.
 */
final class Pop3AnswerDecoder extends FrameDecoder {

    /** The longest status line, line ending included. */
    static final int MAX_STATUS_LINE = 64 * 1024;
    /** The largest block given to filters as lines; a longer one is streamed. */
    static final int MAX_LINES_BLOCK = 1024 * 1024;

    private enum State { STATUS, BLOCK, BODY }

    private final Supplier<Body> expected;
    private final DotTerminator terminator = new DotTerminator(DotTerminator.Mode.LENIENT);
    private State state = State.STATUS;
    /** The status line's length, while a block is gathered behind it. */
    private int statusLength;
    /** How far past the reader index the terminator scan got (BLOCK only; BODY consumes as it scans). */
    private int scanned;

    Pop3AnswerDecoder(ReadGate gate, Supplier<Body> expected) {
        super(gate);
        this.expected = expected;
    }

    @Override
    protected boolean decode(ByteBuf in) {
        return switch (state) {
            case STATUS -> status(in);
            case BLOCK -> block(in);
            case BODY -> body(in);
        };
    }

    private boolean status(ByteBuf in) {
        int start = in.readerIndex();
        int lf = Lines.end(in, start, MAX_STATUS_LINE);
        if (lf == Lines.TOO_LONG) {
            return fail(in, FramingError.Kind.TOO_LONG, "the upstream sent a status line longer than "
                    + MAX_STATUS_LINE + " bytes");
        }
        if (lf == Lines.INCOMPLETE) {
            return false;
        }
        Optional<Pop3Response> status = Pop3Wire.parseStatus(Lines.text(in, start, Lines.textEnd(in, start, lf)));
        if (status.isEmpty()) {
            return fail(in, FramingError.Kind.MALFORMED, "the upstream sent a line that is not a POP3 answer");
        }
        Pop3Response response = status.get();
        Body body = response.ok() ? expected.get() : Body.NONE;
        int length = lf + 1 - start;
        if (body == Body.LINES) {
            state = State.BLOCK;
            statusLength = length;
            scanned = length;
            terminator.reset();
            return true;
        }
        boolean streamed = body == Body.STREAMED;
        emit(frame(in.readRetainedSlice(length), streamed ? withBody(response, Body.STREAMED) : response));
        if (streamed) {
            state = State.BODY;
            terminator.reset();
        }
        return true;
    }

    /** Gathers a block until its terminator, or streams it once it passes the limit. */
    private boolean block(ByteBuf in) {
        int start = in.readerIndex();
        int limit = Math.min(in.writerIndex(), start + MAX_LINES_BLOCK);
        int from = start + scanned;
        if (scanned >= MAX_LINES_BLOCK) {
            return overflow(in);
        }
        if (from >= limit) {
            return false;
        }
        int end = terminator.scan(in, from, limit);
        if (end == DotTerminator.NOT_FOUND) {
            scanned = limit - start;
            return scanned >= MAX_LINES_BLOCK ? overflow(in) : true;
        }
        Pop3Response status = Pop3Wire.parseStatus(Lines.text(in, start, Lines.textEnd(in, start,
                start + statusLength - 1))).orElseThrow();
        List<String> lines = unstuff(in, start + statusLength, end - 3);
        state = State.STATUS;
        emit(frame(in.readRetainedSlice(end - start), status.withLines(lines)));
        return true;
    }

    /** A block past the limit: its status line goes as a streamed answer, the rest as the body. */
    private boolean overflow(ByteBuf in) {
        int start = in.readerIndex();
        Pop3Response status = Pop3Wire.parseStatus(Lines.text(in, start, Lines.textEnd(in, start,
                start + statusLength - 1))).orElseThrow();
        emit(frame(in.readRetainedSlice(statusLength), withBody(status, Body.STREAMED)));
        // The terminator's scan already covered the bytes up to here; the body goes on from there.
        state = State.BODY;
        int bodyScanned = scanned - statusLength;
        int pending = terminator.pending();
        terminator.rewindPending();
        if (bodyScanned - pending > 0) {
            emit(new StreamChunk(in.readRetainedSlice(bodyScanned - pending)));
        }
        return true;
    }

    private boolean body(ByteBuf in) {
        int end = terminator.scan(in, in.readerIndex(), in.writerIndex());
        return dotPayload(in, end, terminator, () -> state = State.STATUS);
    }

    /** The block's lines without their line endings, the first dot of a dot-stuffed line removed. */
    private static List<String> unstuff(ByteBuf in, int from, int to) {
        byte[] block = ByteBufUtil.getBytes(in, from, to - from); // one copy of at most MAX_LINES_BLOCK
        List<String> lines = new ArrayList<>();
        int lineStart = 0;
        while (lineStart < block.length) {
            int lf = lineStart;
            while (lf < block.length && block[lf] != '\n') {
                lf++;
            }
            int textEnd = lf > lineStart && block[lf - 1] == '\r' ? lf - 1 : lf;
            int textStart = textEnd > lineStart && block[lineStart] == '.' ? lineStart + 1 : lineStart;
            lines.add(new String(block, textStart, textEnd - textStart, StandardCharsets.UTF_8));
            lineStart = lf + 1;
        }
        return lines;
    }

    /**
     * An answer: its bytes (the status line, and the whole block of a {@link Body#LINES} answer);
     * after a {@link Body#STREAMED} one the body comes as stream chunks and a stream end.
     */
    private static MessageFrame<Pop3Response> frame(ByteBuf wire, Pop3Response response) {
        return new MessageFrame<>(wire, response, (response.ok() ? "+OK " : "-ERR ") + response.body());
    }

    private static Pop3Response withBody(Pop3Response status, Body body) {
        return new Pop3Response(status.ok(), status.text(), body, List.of());
    }
}
