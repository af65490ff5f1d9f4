package io.postern.smtp;

import io.postern.spi.WireText;

/**
 * RFC 3461 xtext, as XCLIENT wants its attribute values: printable ASCII other than
 * {@code +} and {@code =} as it is, every other byte as {@code +XX}: the bytes the client sent
 * (see {@link WireText#encode}), as nginx encodes them.
 */
final class Xtext {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Xtext() {
    }

    static String encode(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (byte b : WireText.encode(value)) {
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
