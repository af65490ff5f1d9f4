package io.postern.bench.load;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits what a mail server sends into lines and skips IMAP literals by counting their bytes,
 * so that a 20 MB FETCH is never held in memory. Lines are short; one longer than
 * {@value #MAX_LINE} bytes is a protocol error of the server under test. Not thread-safe: one
 * per connection, on its event loop.
 */
final class ReplyReader {

    static final int MAX_LINE = 64 * 1024;

    private final LineListener listener;
    private byte[] line = new byte[256];
    private int length;
    private long literalLeft;

    ReplyReader(LineListener listener) {
        this.listener = listener;
    }

    /** Consumes all of {@code in} (the caller releases it). */
    void read(ByteBuf in) {
        while (in.isReadable()) {
            if (literalLeft > 0) {
                int skip = (int) Math.min(literalLeft, in.readableBytes());
                in.skipBytes(skip);
                literalLeft -= skip;
                listener.onLiteralBytes(skip);
                continue;
            }
            int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
            int end = lf < 0 ? in.writerIndex() : lf;
            append(in, end - in.readerIndex());
            if (lf < 0) {
                return;
            }
            in.skipBytes(1);
            endOfLine();
        }
    }

    private void append(ByteBuf in, int n) {
        if (length + n > MAX_LINE) {
            throw new IllegalStateException("server line longer than " + MAX_LINE + " bytes");
        }
        if (length + n > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
        }
        in.readBytes(line, length, n);
        length += n;
    }

    private void endOfLine() {
        int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        String text = new String(line, 0, end, StandardCharsets.ISO_8859_1);
        length = 0;
        literalLeft = literalLength(text);
        listener.onLine(text);
    }

    /** n for a line ending in {@code {n}} (an IMAP literal follows), else 0. */
    static long literalLength(String text) {
        if (!text.endsWith("}")) {
            return 0;
        }
        int open = text.lastIndexOf('{');
        if (open < 0) {
            return 0;
        }
        String digits = text.substring(open + 1, text.length() - 1);
        if (digits.endsWith("+")) {
            digits = digits.substring(0, digits.length() - 1);
        }
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            return 0;
        }
        return Long.parseLong(digits);
    }
}
