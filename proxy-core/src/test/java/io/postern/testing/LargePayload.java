package io.postern.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * A large dot-stuffed message body for memory tests, never held whole: a block of text lines
 * (some starting with a dot, stuffed) repeated, handed out in reads of an odd size so that read
 * boundaries fall everywhere in the lines. It ends with a CRLF and has no terminator.
 */
public final class LargePayload {

    /** An odd read size: boundaries move through the lines from one read to the next. */
    public static final int READ_SIZE = 65_537;

    private final byte[] block;
    private final int repeats;

    private LargePayload(byte[] block, int repeats) {
        this.block = block;
        this.repeats = repeats;
    }

    /** At least {@code size} bytes. */
    public static LargePayload ofAtLeast(long size) {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        for (int i = 0; lines.size() < 1 << 20; i++) {
            String line = i % 7 == 0 ? "..a dot-stuffed line " + i : "line " + i + " " + "x".repeat(i % 97);
            lines.writeBytes((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        byte[] block = lines.toByteArray();
        return new LargePayload(block, (int) ((size + block.length - 1) / block.length));
    }

    public long length() {
        return (long) block.length * repeats;
    }

    /** The CRC-32 of the whole payload. */
    public long crc() {
        CRC32 crc = new CRC32();
        for (int i = 0; i < repeats; i++) {
            crc.update(block);
        }
        return crc.getValue();
    }

    /** Hands the payload out in reads of {@link #READ_SIZE} bytes (the last one shorter). */
    public void feed(Consumer<byte[]> read) {
        byte[] pending = new byte[0];
        for (int i = 0; i < repeats; i++) {
            byte[] joined = Arrays.copyOf(pending, pending.length + block.length);
            System.arraycopy(block, 0, joined, pending.length, block.length);
            int offset = 0;
            for (; joined.length - offset >= READ_SIZE; offset += READ_SIZE) {
                read.accept(Arrays.copyOfRange(joined, offset, offset + READ_SIZE));
            }
            pending = Arrays.copyOfRange(joined, offset, joined.length);
        }
        if (pending.length > 0) {
            read.accept(pending);
        }
    }
}
