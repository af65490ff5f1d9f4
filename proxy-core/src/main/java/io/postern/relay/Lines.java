package io.postern.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;

/**
 * Cutting lines out of a line protocol's stream (POP3 and SMTP commands and replies): where a
 * line ends within a limit, whether it holds a stray CR, its text and its bytes.
 */
public final class Lines {

    /** {@link #end}: the line is not complete yet. */
    public static final int INCOMPLETE = -1;
    /** {@link #end}: the line is longer than the limit. */
    public static final int TOO_LONG = -2;

    private static final byte[] CRLF = {'\r', '\n'};

    private Lines() {
    }

    /**
     * The index of the LF that ends the line starting at {@code from}, looking at most
     * {@code limit} bytes (line ending included) before giving up.
     *
     * @return the LF's index, {@link #INCOMPLETE} or {@link #TOO_LONG}
     */
    public static int end(ByteBuf in, int from, int limit) {
        int available = in.writerIndex() - from;
        int lf = in.forEachByte(from, Math.min(available, limit), ByteProcessor.FIND_LF);
        if (lf >= 0) {
            return lf;
        }
        return available >= limit ? TOO_LONG : INCOMPLETE;
    }

    /** Where the line's text ends: before the CR of a CRLF, else at the LF. */
    public static int textEnd(ByteBuf in, int from, int lf) {
        return lf > from && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
    }

    /** Whether the line's text, {@code from} to {@code textEnd}, holds a CR. */
    public static boolean hasStrayCr(ByteBuf in, int from, int textEnd) {
        return in.forEachByte(from, textEnd - from, ByteProcessor.FIND_CR) >= 0;
    }

    /** The line's text as UTF-8. */
    public static String text(ByteBuf in, int from, int textEnd) {
        return in.toString(from, textEnd - from, StandardCharsets.UTF_8);
    }

    /**
     * The line's bytes as they go on: a retained slice when it ends in CRLF; a copy ending in
     * CRLF when the client ended it with a bare LF, so that the upstream, which may not take a
     * bare LF for a line end, frames it as the relay did.
     */
    public static ByteBuf wire(ByteBuf in, int from, int lf, ByteBufAllocator alloc) {
        int textEnd = textEnd(in, from, lf);
        if (textEnd < lf) {
            return in.retainedSlice(from, lf + 1 - from);
        }
        ByteBuf copy = alloc.buffer(textEnd - from + 2);
        return copy.writeBytes(in, from, textEnd - from).writeBytes(CRLF);
    }

    /** {@code text} and CRLF as a new buffer; refuses text that holds a CR or LF. */
    public static ByteBuf encode(ByteBufAllocator alloc, String text) {
        requireSingleLine(text);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return alloc.buffer(bytes.length + 2).writeBytes(bytes).writeBytes(CRLF);
    }

    /** Appends {@code text} and CRLF; refuses text that holds a CR or LF. */
    public static void append(ByteBuf out, String text) {
        requireSingleLine(text);
        out.writeCharSequence(text, StandardCharsets.UTF_8);
        out.writeBytes(CRLF);
    }

    /** Refuses text that would be more than one line on the wire: the way to inject a command. */
    public static String requireSingleLine(String text) {
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a line must not contain CR or LF");
        }
        return text;
    }
}
