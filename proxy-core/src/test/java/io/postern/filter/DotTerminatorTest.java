package io.postern.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
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
}
