package io.postern.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.testing.ByteSplits;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Random valid commands round-trip through the decoder whatever the read boundaries. */
class ImapCommandDecoderPropertyTest {

    private static final String TAG_CHARS = "ABCabcxyz0189.-_]!#$&'<>=?@^`|~";
    private static final String ATOM_CHARS = "ABCNILabcxyz0189.-_]%*!#$&'+<>=?@^`|~";
    private static final String TEXT_CHARS = "ab \"\\xyz09!\u00e9\u65e5{}()";

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 20260101})
    void randomValidCommandsRoundTrip(long seed) {
        Random random = new Random(seed);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        List<Object> expected = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            writeCommand(random, wire, expected);
        }
        byte[] input = wire.toByteArray();
        List<ByteSplits.Chunking> chunkings = new ArrayList<>();
        chunkings.add(new ByteSplits.Chunking("whole", List.of(input)));
        chunkings.add(ByteSplits.byteAtATime(input));
        for (int i = 0; i < 20; i++) {
            chunkings.add(ByteSplits.random(input, random, 1 + random.nextInt(64)));
        }
        for (ByteSplits.Chunking chunking : chunkings) {
            assertThat(DecoderHarness.decode(4096, chunking)).as(chunking.description())
                    .containsExactlyElementsOf(expected);
        }
    }

    private static void writeCommand(Random random, ByteArrayOutputStream wire, List<Object> expected) {
        String tag = randomString(random, TAG_CHARS, 1, 8);
        String verb = random.nextBoolean() ? "login" : randomString(random, "ABCDEFXYZ", 1, 10);
        write(wire, tag + " " + verb);
        List<ImapValue> arguments = new ArrayList<>();
        int count = random.nextInt(5);
        for (int i = 0; i < count; i++) {
            write(wire, " ");
            arguments.add(writeValue(random, wire, expected, tag, 0));
        }
        write(wire, random.nextBoolean() ? "\r\n" : "\n");
        expected.add(new ImapCommand(tag, verb.toUpperCase(java.util.Locale.ROOT), arguments));
    }

    private static ImapValue writeValue(Random random, ByteArrayOutputStream wire, List<Object> expected,
                                        String tag, int depth) {
        switch (random.nextInt(depth < 2 ? 5 : 4)) {
            case 0: {
                String text = randomString(random, ATOM_CHARS, 1, 12);
                write(wire, text.startsWith("~") ? "x" + text : text);
                return new ImapValue.Atom(text.startsWith("~") ? "x" + text : text);
            }
            case 1: {
                String text = randomString(random, TEXT_CHARS, 0, 12);
                write(wire, "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
                return new ImapValue.Quoted(text);
            }
            case 2:
            case 3: {
                String text = randomString(random, TEXT_CHARS + "\r\n", 0, 20);
                boolean sync = random.nextBoolean();
                int length = text.getBytes(StandardCharsets.UTF_8).length;
                write(wire, "{" + length + (sync ? "}" : "+}") + (random.nextBoolean() ? "\r\n" : "\n") + text);
                if (sync) {
                    expected.add(new ImapLiteralRequest(tag));
                }
                return new ImapValue.Literal(text);
            }
            default: {
                write(wire, "(");
                List<ImapValue> items = new ArrayList<>();
                int count = random.nextInt(4);
                for (int i = 0; i < count; i++) {
                    if (i > 0) {
                        write(wire, " ");
                    }
                    items.add(writeValue(random, wire, expected, tag, depth + 1));
                }
                write(wire, ")");
                return new ImapValue.ParenList(items);
            }
        }
    }

    private static String randomString(Random random, String alphabet, int min, int max) {
        int length = min + random.nextInt(max - min + 1);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static void write(ByteArrayOutputStream wire, String text) {
        wire.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
