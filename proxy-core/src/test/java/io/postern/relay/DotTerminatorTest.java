package io.postern.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where each mode says a dot-terminated block ends, fed whole and one byte at a time. */
class DotTerminatorTest {

    /** The index after the end the scanner finds, feeding {@code step} bytes per scan; -1 none, -2 bare. */
    private static int scan(DotTerminator.Mode mode, String input, int step) {
        ByteBuf buffer = Unpooled.copiedBuffer(input, StandardCharsets.ISO_8859_1);
        try {
            DotTerminator terminator = new DotTerminator(mode);
            for (int from = 0; from < buffer.writerIndex(); from += step) {
                int result = terminator.scan(buffer, from, Math.min(buffer.writerIndex(), from + step));
                if (result != DotTerminator.NOT_FOUND) {
                    return result;
                }
            }
            return DotTerminator.NOT_FOUND;
        } finally {
            buffer.release();
        }
    }

    @ParameterizedTest(name = "{0} in {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        // Only CRLF.CRLF ends the block; the block starts at a line start.
        "STRICT  | .\\r\\n                     | 3",
        "STRICT  | a\\r\\n.\\r\\n                | 6",
        "STRICT  | a\\r\\n..\\r\\n.\\r\\n          | 10",
        "STRICT  | a\\r\\n. \\r\\n.\\r\\n          | 10",
        "STRICT  | a\\r\\n.a\\r\\n                | -1",
        // Smuggling: every bare line break is reported, none ends the block.
        "STRICT  | a\\n.\\n                     | -2",
        "STRICT  | a\\n.\\r\\n                   | -2",
        "STRICT  | a\\r.\\r                     | -2",
        "STRICT  | a\\r\\n.\\n                   | -2",
        "STRICT  | a\\r\\n.\\r.                  | -2",
        "STRICT  | a\\r\\r\\n.\\r\\n              | -2",
        // Lenient: a bare CR or LF is content.
        "LENIENT | a\\n.\\n                     | -1",
        "LENIENT | a\\n.\\r\\n                   | -1",
        "LENIENT | a\\r.\\r\\n                   | -1",
        "LENIENT | a\\r\\n.\\n                   | -1",
        "LENIENT | a\\r\\r\\n.\\r\\n              | 7",
        "LENIENT | a\\r\\n.\\r\\r\\n.\\r\\n        | 10",
        // Loose: any line holding only a dot.
        "LOOSE   | a\\n.\\n                     | 4",
        "LOOSE   | a\\n.\\r\\n                   | 5",
        "LOOSE   | a\\r.\\r\\nb\\r\\n.\\r\\n        | 11",
    })
    void findsTheEndWhereTheModeSays(DotTerminator.Mode mode, String escaped, int expected) {
        String input = escaped.replace("\\r", "\r").replace("\\n", "\n");
        assertThat(scan(mode, input, input.length())).as("whole").isEqualTo(expected);
        assertThat(scan(mode, input, 1)).as("byte at a time").isEqualTo(expected);
    }

    @Test
    void findsWhatALineByLineReadingFindsWhereverTheInputIsCut() {
        Random random = new Random(13);
        // With bytes one bit or the high bit away from CR and LF, and lines long enough for the
        // scan's eight-bytes-at-a-time jump, a line break at every offset within a word.
        char[] alphabet = {'a', 'b', '.', '.', '\r', '\n', '\r', '\n', '\u008d', '\u008a', '\u000c', '\u000e',
            '\u000b', '\u0000', '\u00ff', '\u0009'};
        for (int run = 0; run < 20_000; run++) {
            StringBuilder input = new StringBuilder();
            int length = random.nextInt(100);
            for (int i = 0; i < length; i++) {
                input.append(random.nextInt(4) == 0 ? alphabet[random.nextInt(alphabet.length)] : 'x');
            }
            String text = input.toString();
            int step = 1 + random.nextInt(Math.max(1, length));
            for (DotTerminator.Mode mode : DotTerminator.Mode.values()) {
                String where = mode + " in \"" + text.replace("\r", "\\r").replace("\n", "\\n") + "\" by " + step;
                assertThat(scanWithPosition(mode, text, step)).as(where).isEqualTo(expected(mode, text));
            }
        }
    }

    /** {@link #scan}, with the position of a bare line break after a -2. */
    private static String scanWithPosition(DotTerminator.Mode mode, String input, int step) {
        ByteBuf buffer = Unpooled.copiedBuffer(input, StandardCharsets.ISO_8859_1);
        try {
            DotTerminator terminator = new DotTerminator(mode);
            for (int from = 0; from < buffer.writerIndex(); from += step) {
                int result = terminator.scan(buffer, from, Math.min(buffer.writerIndex(), from + step));
                if (result == DotTerminator.BARE_LINE_BREAK) {
                    return "bare at " + terminator.position();
                }
                if (result != DotTerminator.NOT_FOUND) {
                    return "end at " + result;
                }
            }
            return "none";
        } finally {
            buffer.release();
        }
    }

    /** What each mode's rules say, read from the text with string searches rather than a state machine. */
    private static String expected(DotTerminator.Mode mode, String text) {
        String block = "\r\n" + text; // the block starts at a line start
        switch (mode) {
            case STRICT: {
                int end = block.indexOf("\r\n.\r\n");
                int endSeen = end < 0 ? Integer.MAX_VALUE : end + 4 - 2; // the terminator's LF, in text
                for (int i = 0; i < text.length() && i < endSeen; i++) {
                    boolean bareLf = text.charAt(i) == '\n' && (i == 0 || text.charAt(i - 1) != '\r');
                    boolean bareCrBefore = i > 0 && text.charAt(i - 1) == '\r' && text.charAt(i) != '\n';
                    if (bareLf || bareCrBefore) {
                        return "bare at " + i;
                    }
                }
                return end < 0 ? "none" : "end at " + (endSeen + 1);
            }
            case LENIENT: {
                int end = block.indexOf("\r\n.\r\n");
                return end < 0 ? "none" : "end at " + (end + 5 - 2);
            }
            default: { // LOOSE: a line holding only a dot, ended by LF or CRLF
                int lineStart = 0;
                for (int i = 0; i < text.length(); i++) {
                    if (text.charAt(i) == '\n') {
                        String line = text.substring(lineStart, i);
                        if (line.equals(".") || line.equals(".\r")) {
                            return "end at " + (i + 1);
                        }
                        lineStart = i + 1;
                    }
                }
                return "none";
            }
        }
    }
}
