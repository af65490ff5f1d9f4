package io.postern.log.access;

import java.nio.charset.StandardCharsets;

/**
 * How variable values are escaped in a log line, nginx's {@code log_format ... escape=}:
 * {@code default} writes {@code "}, {@code \}, control characters and bytes above 0x7e as
 * {@code \xHH} (so a login cannot forge a line or a field), {@code json} escapes for a JSON
 * string, {@code none} writes values as they are.
 */
public enum Escaping {
    DEFAULT {
        @Override
        public void append(StringBuilder out, String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"' || c == '\\' || c < 0x20 || c == 0x7f) {
                    hex(out, c);
                } else if (c > 0x7f) {
                    int end = Character.isHighSurrogate(c) && i + 1 < value.length() ? i + 2 : i + 1;
                    for (byte b : value.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                        hex(out, b & 0xff);
                    }
                    i = end - 1;
                } else {
                    out.append(c);
                }
            }
        }
    },
    JSON {
        @Override
        public void append(StringBuilder out, String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
        }
    },
    NONE {
        @Override
        public void append(StringBuilder out, String value) {
            out.append(value);
        }
    };

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Appends {@code value} to {@code out}, escaped. */
    public abstract void append(StringBuilder out, String value);

    /** {@code value} escaped. */
    public String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        append(out, value);
        return out.toString();
    }

    private static void hex(StringBuilder out, int b) {
        out.append("\\x").append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
    }
}
