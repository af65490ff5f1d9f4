package io.postern.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Mutations of a valid conversation for the fuzz tests, all drawn from one {@link Random} so
 * a case replays from its seed: byte flips, inserted CR, LF, NUL, 0xFF and IMAP syntax,
 * huge lengths and literal headers, over-long runs, duplicated and deleted spans, truncation;
 * and the splitting of the result into reads at random boundaries.
 */
public final class Mutator {

    private static final byte[][] INSERTS = bytes("\r", "\n", "\0", "\u00ff", "\r\n", " ", "\"", "\\", "(", ")",
            "{", "}", "*", "+", "=", "~", "\r\n\r\n", ".\r\n", "\t", "\u001b");
    private static final byte[][] HEADERS = bytes("{0}\r\n", "{1}\r\n", "{5+}\r\n", "~{3}\r\n", "{4294967296}\r\n",
            "{99999999999999999999}\r\n", "{-1}\r\n", "{2147483647+}\r\n", "{10", "{}\r\n", "{ 5}\r\n", "{5}\n");
    private static final byte[][] NUMBERS = bytes("0", "-1", "4294967295", "4294967296", "9223372036854775808",
            "99999999999999999999999999");

    private final Random random;

    public Mutator(Random random) {
        this.random = random;
    }

    /** One to four mutations of {@code valid}. */
    public byte[] mutate(byte[] valid) {
        byte[] bytes = valid;
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            bytes = mutateOnce(bytes);
        }
        return bytes;
    }

    private byte[] mutateOnce(byte[] in) {
        int at = in.length == 0 ? 0 : random.nextInt(in.length + 1);
        switch (random.nextInt(9)) {
            case 0: // flip a bit
                if (in.length == 0) {
                    return in;
                }
                byte[] flipped = in.clone();
                int i = random.nextInt(in.length);
                flipped[i] ^= (byte) (1 << random.nextInt(8));
                return flipped;
            case 1:
                return insert(in, at, INSERTS[random.nextInt(INSERTS.length)]);
            case 2:
                return insert(in, at, HEADERS[random.nextInt(HEADERS.length)]);
            case 3:
                return insert(in, at, NUMBERS[random.nextInt(NUMBERS.length)]);
            case 4: // an over-long run, beyond every line buffer
                byte[] run = new byte[1 + random.nextInt(random.nextBoolean() ? 300 : 20_000)];
                Arrays.fill(run, random.nextBoolean() ? (byte) 'A' : (byte) random.nextInt(256));
                return insert(in, at, run);
            case 5: // duplicate a span (a pipelined repeat)
                int from = random.nextInt(in.length + 1);
                int to = from + random.nextInt(in.length - from + 1);
                return insert(in, at, Arrays.copyOfRange(in, from, to));
            case 6: // delete a span
                int start = random.nextInt(in.length + 1);
                int end = start + random.nextInt(Math.min(16, in.length - start) + 1);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(in, 0, start);
                out.write(in, end, in.length - end);
                return out.toByteArray();
            case 7: // truncate
                return Arrays.copyOf(in, at);
            default: // random bytes
                byte[] noise = new byte[1 + random.nextInt(16)];
                random.nextBytes(noise);
                return insert(in, at, noise);
        }
    }

    /** {@code bytes} cut into reads of random sizes: mostly small, sometimes one byte, sometimes all. */
    public List<byte[]> split(byte[] bytes) {
        List<byte[]> reads = new ArrayList<>();
        int mode = random.nextInt(3);
        if (mode == 0 && bytes.length > 2_000) {
            mode = 1; // a byte at a time only where it costs little
        }
        int position = 0;
        while (position < bytes.length) {
            int size = switch (mode) {
                case 0 -> 1;
                case 1 -> 1 + random.nextInt(32);
                default -> bytes.length;
            };
            int end = Math.min(bytes.length, position + size);
            reads.add(Arrays.copyOfRange(bytes, position, end));
            position = end;
        }
        return reads;
    }

    private static byte[] insert(byte[] in, int at, byte[] what) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(in, 0, at);
        out.writeBytes(what);
        out.write(in, at, in.length - at);
        return out.toByteArray();
    }

    private static byte[][] bytes(String... texts) {
        byte[][] all = new byte[texts.length][];
        for (int i = 0; i < texts.length; i++) {
            all[i] = texts[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        return all;
    }

    /** The bytes as a Java string literal, for a failure message that can be pasted into a test. */
    public static String printable(byte[] bytes) {
        StringBuilder text = new StringBuilder("\"");
        int shown = Math.min(bytes.length, 400);
        for (int i = 0; i < shown; i++) {
            int b = bytes[i] & 0xff;
            switch (b) {
                case '\r' -> text.append("\\r");
                case '\n' -> text.append("\\n");
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                default -> text.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\u%04x", b));
            }
        }
        text.append('"');
        if (shown < bytes.length) {
            text.append(" … (").append(bytes.length).append(" bytes)");
        }
        return text.toString();
    }
}
