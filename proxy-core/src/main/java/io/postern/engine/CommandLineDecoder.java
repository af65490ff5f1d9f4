package io.postern.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.ByteProcessor;
import io.postern.spi.WireText;
import java.util.List;

/**
 * Splits a line-based protocol's pre-login input (POP3, SMTP) into {@link CommandLine}s, one
 * per decode step so that the handler can {@linkplain #hold() hold} the rest behind a login.
 * Lines end with CRLF or a bare LF (nginx accepts both before login); the line ending is not
 * part of the text. A line longer than the limit yields one {@link CommandLine#tooLong()}
 * marker and everything after it is discarded: nginx answers "too long command" and closes,
 * because where the next command starts can no longer be known. The text is decoded with
 * {@link WireText#decode}, so a login's invalid UTF-8 reaches the auth server as the client's bytes.
 */
public final class CommandLineDecoder extends HoldableDecoder {

    private final int maxLineLength;

    /** @param maxLineLength the longest line, line ending included */
    public CommandLineDecoder(int maxLineLength) {
        super(maxLineLength);
        if (maxLineLength < 0) {
            // 0 and 1 are nginx's too: every line (but a bare LF with 1) is too long.
            throw new IllegalArgumentException("maxLineLength: " + maxLineLength + " (expected: >= 0)");
        }
        this.maxLineLength = maxLineLength;
    }

    @Override
    protected void decodeUnheld(ByteBuf in, List<Object> out) {
        int searchable = Math.min(in.readableBytes(), maxLineLength);
        int lf = in.forEachByte(in.readerIndex(), searchable, ByteProcessor.FIND_LF);
        if (lf < 0) {
            if (in.readableBytes() >= maxLineLength) {
                discardInput();
                in.skipBytes(in.readableBytes());
                out.add(CommandLine.TOO_LONG);
            }
            return;
        }
        int end = lf > in.readerIndex() && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        String text = WireText.decode(ByteBufUtil.getBytes(in, in.readerIndex(), end - in.readerIndex()));
        in.readerIndex(lf + 1);
        out.add(new CommandLine(text));
    }
}
