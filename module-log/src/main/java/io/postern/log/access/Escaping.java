package io.postern.log.access;

import io.postern.spi.WireText;

/**
 * How variable values are escaped in a log line, nginx's {@code log_format ... escape=}:
 * {@code default} is {@link WireText#escape}, the one escape of wire values in every log of
 * Postern: {@code "}, {@code \}, control characters and bytes above 0x7e as {@code \xHH}, a
 * byte that was not valid UTF-8 as itself (so a login cannot forge a line or a field);
 * {@code json} escapes for a JSON string, a byte that was not valid UTF-8 written as the text
 * {@code \xHH}; {@code none} writes values as they are.
 */
public enum Escaping {
    DEFAULT {
        @Override
        public void append(StringBuilder out, String value) {
            WireText.appendEscaped(out, value);
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
                        if (unpairedSurrogate(value, i)) {
                            // an escaped byte of WireText.decode: its \xHH, the backslash escaped for JSON
                            out.append(WireText.escape(value.substring(i, i + 1)).replace("\\", "\\\\"));
                        } else if (c < 0x20 || c == 0x2028 || c == 0x2029) {
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

    /** Appends {@code value} to {@code out}, escaped. */
    public abstract void append(StringBuilder out, String value);

    /** {@code value} escaped. */
    public String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        append(out, value);
        return out.toString();
    }

    /** Whether the character at {@code i} is half of no surrogate pair, as WireText's escaped bytes are. */
    private static boolean unpairedSurrogate(String value, int i) {
        char c = value.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(value.charAt(i - 1)));
    }
}
