package io.postern.engine;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The last bytes a raw-relayed client sent, enough to tell whether its last line was the
 * protocol's goodbye ({@code <tag> LOGOUT}, {@code QUIT}): when the upstream then closes, the
 * session ended because the client quit, not because the upstream went away. Nothing is parsed
 * while relaying; a read costs a copy of at most {@value #KEPT} bytes into a fixed array.
 *
 * <p>The limit of a guess from the tail: a goodbye line the client sent inside a message (the
 * last line of an APPEND literal or of SMTP data whose end has not come) would be taken for one;
 * the upstream closing right after it is what makes it count, and that is rare enough.
 */
final class ClientGoodbye {

    /** A goodbye line with a tag of up to about twenty characters fits. */
    static final int KEPT = 32;

    private final byte[] tail = new byte[KEPT];
    private int length;

    /** Keeps the last bytes of what the client sent; {@code bytes}' indexes are left as they were. */
    void saw(ByteBuf bytes) {
        int readable = bytes.readableBytes();
        if (readable >= KEPT) {
            bytes.getBytes(bytes.writerIndex() - KEPT, tail, 0, KEPT);
            length = KEPT;
            return;
        }
        int keep = Math.min(length, KEPT - readable);
        System.arraycopy(tail, length - keep, tail, 0, keep);
        bytes.getBytes(bytes.readerIndex(), tail, keep, readable);
        length = keep + readable;
    }

    /** Whether the client's last complete line, ending what it sent, was LOGOUT or QUIT. */
    boolean saidGoodbye() {
        if (length == 0 || tail[length - 1] != '\n') {
            return false;
        }
        int end = length - 1;
        if (end > 0 && tail[end - 1] == '\r') {
            end--;
        }
        int start = end;
        while (start > 0 && tail[start - 1] != '\n') {
            start--;
        }
        if (start == 0 && length == KEPT) {
            return false; // the line began before what was kept: longer than any goodbye
        }
        String line = new String(tail, start, end - start, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
        return line.equals("QUIT") || line.endsWith(" LOGOUT") && line.indexOf(' ') == line.length() - 7;
    }
}
