package io.postern.spi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Text that came from the wire (a login, a mailbox name, an EHLO name), held as a
 * {@code String} without losing a byte, and written safely into a log line.
 *
 * <p>{@link #decode} reads UTF-8, and turns each byte that is not part of a well-formed UTF-8
 * sequence into the lone surrogate {@code U+DC80 + (byte - 0x80)} (for bytes 0x80–0xFF), as
 * Python's {@code surrogateescape} does. So two different byte strings never decode to the same
 * {@code String}, and {@link #encode} gives the client's bytes back exactly: nginx passes a login
 * on to the auth server and the upstream as the bytes the client sent, never replaced.
 *
 * <p>{@link #escape} is the one way a wire value enters a log line, an MDC value, a metric label
 * or a status page: a client must never be able to write a line break, a terminal escape or a
 * forged field into the operator's logs. Added in SPI 1.3.
 */
public final class WireText {

    /** The lone surrogate standing for the escaped byte 0x80; bytes 0x80–0xFF map onto a run of 128. */
    private static final int ESCAPED_BYTE_BASE = 0xDC00;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private WireText() {
    }

    /** {@code bytes} as text: UTF-8, with every byte outside a well-formed sequence kept as an escaped byte. */
    public static String decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /** {@code length} bytes of {@code bytes} from {@code offset}, decoded as {@link #decode(byte[])} does. */
    public static String decode(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        int end = offset + length;
        int i = offset;
        while (i < end && bytes[i] >= 0) {
            i++;
        }
        if (i == end) {
            return new String(bytes, offset, length, StandardCharsets.US_ASCII); // all ASCII: the common case
        }
        StringBuilder out = new StringBuilder(length);
        out.append(new String(bytes, offset, i - offset, StandardCharsets.US_ASCII));
        while (i < end) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                out.append((char) b);
                i++;
                continue;
            }
            int size = wellFormedLength(bytes, i, end);
            if (size == 0) {
                out.append((char) (ESCAPED_BYTE_BASE + b));
                i++;
            } else {
                out.append(new String(bytes, i, size, StandardCharsets.UTF_8));
                i += size;
            }
        }
        return out.toString();
    }

    /** The client's bytes back: UTF-8, except that an escaped byte becomes that byte again. */
    public static byte[] encode(String text) {
        int first = firstEscapedByte(text);
        if (first < 0) {
            return text.getBytes(StandardCharsets.UTF_8); // no escaped byte: the common case, in one copy
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 8);
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            int escaped = escapedByte(text, i);
            if (escaped >= 0) {
                out.writeBytes(text.substring(start, i).getBytes(StandardCharsets.UTF_8));
                out.write(escaped);
                start = i + 1;
            }
        }
        out.writeBytes(text.substring(start).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Whether {@code text} holds a byte that was not well-formed UTF-8 on the wire. */
    public static boolean hasEscapedBytes(String text) {
        return firstEscapedByte(text) >= 0;
    }

    private static int firstEscapedByte(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (escapedByte(text, i) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * {@code text} made safe for one field of a log line: {@code "} and {@code \}, control
     * characters (C0, DEL, C1), the Unicode line and paragraph separators, every other
     * non-ASCII character's UTF-8 bytes and every escaped byte written as {@code \xHH}
     * (uppercase), the rest as it is. The same form as the access log's {@code escape=default}
     * and nginx's, so a line can never be split, coloured or forged by a client.
     */
    public static String escape(CharSequence text) {
        String value = text.toString();
        int plain = plainPrefix(value);
        if (plain == value.length()) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 8);
        appendEscaped(out, value, plain);
        return out.toString();
    }

    /** Appends {@code text} to {@code out}, escaped as {@link #escape} does. */
    public static void appendEscaped(StringBuilder out, CharSequence text) {
        String value = text.toString();
        appendEscaped(out, value, plainPrefix(value));
    }

    /**
     * The length of the run of characters at the start of {@code value} that {@link #escape}
     * leaves as they are (printable ASCII but {@code "} and {@code \}): a login, an address or a
     * server name is usually all of it, appended at once.
     */
    private static int plainPrefix(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                return i;
            }
        }
        return value.length();
    }

    /** Appends {@code value} escaped, its first {@code plain} characters known to need nothing. */
    private static void appendEscaped(StringBuilder out, String value, int plain) {
        out.append(value, 0, plain);
        for (int i = plain; i < value.length(); i++) {
            char c = value.charAt(i);
            int escaped = escapedByte(value, i);
            if (escaped >= 0) {
                hex(out, escaped);
            } else if (c == '"' || c == '\\' || c < 0x20 || c == 0x7f) {
                hex(out, c);
            } else if (c < 0x7f) {
                out.append(c);
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1)) ? i + 2 : i + 1;
                for (byte b : value.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    hex(out, b & 0xff);
                }
                i = end - 1;
            }
        }
    }

    /** The byte an escaped-byte surrogate at {@code i} stands for, or -1 when it is ordinary text. */
    private static int escapedByte(String text, int i) {
        char c = text.charAt(i);
        if (c < ESCAPED_BYTE_BASE + 0x80 || c > ESCAPED_BYTE_BASE + 0xff) {
            return -1;
        }
        // A low surrogate after a high one is half of a real supplementary character.
        boolean paired = i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
        return paired ? -1 : c - ESCAPED_BYTE_BASE;
    }

    /**
     * The length of the well-formed UTF-8 sequence starting at {@code i} (RFC 3629: no
     * overlong forms, no surrogates, nothing above U+10FFFF), or 0 when there is none.
     */
    private static int wellFormedLength(byte[] bytes, int i, int end) {
        int b = bytes[i] & 0xff;
        int size;
        int min2 = 0x80;
        int max2 = 0xbf;
        if (b >= 0xc2 && b <= 0xdf) {
            size = 2;
        } else if (b >= 0xe0 && b <= 0xef) {
            size = 3;
            if (b == 0xe0) {
                min2 = 0xa0;
            } else if (b == 0xed) {
                max2 = 0x9f;
            }
        } else if (b >= 0xf0 && b <= 0xf4) {
            size = 4;
            if (b == 0xf0) {
                min2 = 0x90;
            } else if (b == 0xf4) {
                max2 = 0x8f;
            }
        } else {
            return 0;
        }
        if (i + size > end) {
            return 0;
        }
        int second = bytes[i + 1] & 0xff;
        if (second < min2 || second > max2) {
            return 0;
        }
        for (int k = 2; k < size; k++) {
            int next = bytes[i + k] & 0xff;
            if (next < 0x80 || next > 0xbf) {
                return 0;
            }
        }
        return size;
    }

    private static void hex(StringBuilder out, int b) {
        out.append("\\x").append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
    }
}
