package io.postern.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WireTextTest {

    @Test
    void decodesWellFormedUtf8AsUtf8() {
        byte[] bytes = "jürgen@exämple.org 😀".getBytes(StandardCharsets.UTF_8);

        assertThat(WireText.decode(bytes)).isEqualTo("jürgen@exämple.org 😀");
        assertThat(WireText.hasEscapedBytes(WireText.decode(bytes))).isFalse();
    }

    @Test
    void keepsInvalidBytesDistinctWhereUtf8DecodingWouldMergeThem() {
        byte[] first = {'a', (byte) 0xff, 'b'};
        byte[] second = {'a', (byte) 0xfe, 'b'};

        assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo(new String(second, StandardCharsets.UTF_8));
        assertThat(WireText.decode(first)).isNotEqualTo(WireText.decode(second));
        assertThat(WireText.hasEscapedBytes(WireText.decode(first))).isTrue();
    }

    @Test
    void givesBackTheClientsBytesForAnyInput() {
        Random random = new Random(13);
        for (int run = 0; run < 5_000; run++) {
            byte[] bytes = new byte[random.nextInt(12)];
            random.nextBytes(bytes);

            assertThat(WireText.encode(WireText.decode(bytes))).as("run %d", run).isEqualTo(bytes);
        }
    }

    @Test
    void refusesOverlongSurrogateAndOutOfRangeSequences() {
        byte[][] malformed = {
                {(byte) 0xc0, (byte) 0xaf},                          // overlong '/'
                {(byte) 0xed, (byte) 0xa0, (byte) 0x80},             // a UTF-16 surrogate
                {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
                {(byte) 0xe2, (byte) 0x82},                          // cut short
        };
        for (byte[] bytes : malformed) {
            String text = WireText.decode(bytes);

            assertThat(text).hasSize(bytes.length);
            assertThat(WireText.encode(text)).isEqualTo(bytes);
        }
    }

    @Test
    void escapesLineBreaksControlsQuotesAndInvalidBytesForALogLine() {
        String login = WireText.decode(new byte[] {'a', '\r', '\n', 0, 0x1b, '"', '\\', (byte) 0xff, 'z'});

        assertThat(WireText.escape(login)).isEqualTo("a\\x0D\\x0A\\x00\\x1B\\x22\\x5C\\xFFz");
    }

    @Test
    void escapesNonAsciiAsItsUtf8BytesAndUnicodeLineSeparators() {
        assertThat(WireText.escape("é\u2028\u0085")).isEqualTo("\\xC3\\xA9\\xE2\\x80\\xA8\\xC2\\x85");
        assertThat(WireText.escape("😀")).isEqualTo("\\xF0\\x9F\\x98\\x80");
    }

    @Test
    void leavesPrintableAsciiAlone() {
        assertThat(WireText.escape("bob@example.org (work)")).isEqualTo("bob@example.org (work)");
    }

    @Test
    void givesPlainTextBackWithoutACopy() {
        String login = "bob@example.org";

        assertThat(WireText.escape(login)).isSameAs(login);
    }

    /** Plain text before, between and after what is escaped: each character escaped on its own. */
    @Test
    void escapesTheSameWhereverAPlainRunStartsOrEnds() {
        String hostile = WireText.decode(new byte[] {'\r', '"', '\\', 0x7f, (byte) 0xC3, (byte) 0xA9, (byte) 0xff});
        String[] parts = {"", "a", "bob@example.org", hostile, hostile + "x", "x" + hostile, "😀"};
        for (String first : parts) {
            for (String second : parts) {
                StringBuilder appended = new StringBuilder("key=");

                WireText.appendEscaped(appended, first + second);

                assertThat(appended.toString()).as("%s + %s", first, second)
                        .isEqualTo("key=" + WireText.escape(first) + WireText.escape(second));
            }
        }
    }
}
