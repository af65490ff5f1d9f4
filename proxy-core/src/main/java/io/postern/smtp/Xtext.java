package io.postern.smtp;

import java.nio.charset.StandardCharsets;

/**
 * RFC 3461 xtext, as XCLIENT wants its attribute values: printable ASCII other than
 * {@code +} and {@code =} as it is, every other byte of the UTF-8 form as {@code +XX}.
 */
final class Xtext {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Xtext() {
    }

    static String encode(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= '!' && c <= '~' && c != '+' && c != '=') {
                sb.append((char) c);
            } else {
                sb.append('+').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return sb.toString();
    }
}
