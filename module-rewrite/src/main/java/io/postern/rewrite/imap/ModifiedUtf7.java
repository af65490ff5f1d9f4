package io.postern.rewrite.imap;

import java.util.Optional;

/**
 * IMAP's modified UTF-7 for mailbox names (RFC 3501 section 5.1.3): printable US-ASCII stands
 * for itself except {@code &}, written {@code &-}; any other run of characters is written as
 * {@code &}, the modified base64 (alphabet {@code A-Za-z0-9+,}, no padding) of its UTF-16,
 * and {@code -}.
 *
 * <p>Two decoders: {@link #decode} accepts only the one canonical spelling of a name, the one
 * {@link #encode} writes (so a mapped name round-trips exactly, and a name that does not
 * decode is left as it is); {@link #decodeLenient} also accepts spellings a server might take
 * for the same name (base64 of printable characters, adjacent shifts), so that a deny rule
 * on {@code INBOX} is not escaped by writing it {@code &AEkATgBCAE8AWA-}.
 */
public final class ModifiedUtf7 {

    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,".toCharArray();
    private static final int[] VALUES = new int[128];

    static {
        java.util.Arrays.fill(VALUES, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = i;
        }
    }

    private ModifiedUtf7() {
    }

    /** The modified UTF-7 spelling of {@code name}. */
    public static String encode(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (direct(c)) {
                out.append(c == '&' ? "&-" : String.valueOf(c));
                i++;
                continue;
            }
            int end = i;
            while (end < name.length() && !direct(name.charAt(end))) {
                end++;
            }
            out.append('&');
            base64(name, i, end, out);
            out.append('-');
            i = end;
        }
        return out.toString();
    }

    /** The name {@code wire} spells, when it is the canonical modified UTF-7 of a valid name. */
    public static Optional<String> decode(String wire) {
        return decodeLenient(wire).filter(name -> encode(name).equals(wire));
    }

    /**
     * The name {@code wire} spells in any well-formed modified UTF-7: empty when a character
     * is not printable US-ASCII, a shift is not closed with {@code -}, holds a character
     * outside the alphabet, leaves non-zero bits, or the UTF-16 it carries has a broken
     * surrogate pair.
     */
    public static Optional<String> decodeLenient(String wire) {
        StringBuilder out = new StringBuilder(wire.length());
        int i = 0;
        while (i < wire.length()) {
            char c = wire.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return Optional.empty();
            }
            if (c != '&') {
                out.append(c);
                i++;
                continue;
            }
            int close = wire.indexOf('-', i + 1);
            if (close < 0) {
                return Optional.empty();
            }
            if (close == i + 1) {
                out.append('&');
            } else if (!unbase64(wire, i + 1, close, out)) {
                return Optional.empty();
            }
            i = close + 1;
        }
        String name = out.toString();
        return wellFormed(name) ? Optional.of(name) : Optional.empty();
    }

    private static boolean direct(char c) {
        return c >= 0x20 && c <= 0x7e;
    }

    private static void base64(String name, int from, int to, StringBuilder out) {
        int bits = 0;
        int buffer = 0;
        for (int i = from; i < to; i++) {
            buffer = (buffer << 16) | name.charAt(i);
            bits += 16;
            while (bits >= 6) {
                bits -= 6;
                out.append(ALPHABET[(buffer >> bits) & 0x3f]);
            }
            buffer &= (1 << bits) - 1;
        }
        if (bits > 0) {
            out.append(ALPHABET[(buffer << (6 - bits)) & 0x3f]);
        }
    }

    private static boolean unbase64(String wire, int from, int to, StringBuilder out) {
        int bits = 0;
        int buffer = 0;
        for (int i = from; i < to; i++) {
            char c = wire.charAt(i);
            int value = c < 128 ? VALUES[c] : -1;
            if (value < 0) {
                return false;
            }
            buffer = (buffer << 6) | value;
            bits += 6;
            if (bits >= 16) {
                bits -= 16;
                out.append((char) ((buffer >> bits) & 0xffff));
                buffer &= (1 << bits) - 1;
            }
        }
        // What is left must be padding: fewer than 6 bits, all zero.
        return bits < 6 && buffer == 0;
    }

    /** No lone surrogate. */
    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
