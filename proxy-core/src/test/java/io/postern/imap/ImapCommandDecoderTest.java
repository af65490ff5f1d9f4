package io.postern.imap;

import static io.postern.imap.DecoderHarness.assertDecodes;
import static io.postern.imap.DecoderHarness.atom;
import static io.postern.imap.DecoderHarness.command;
import static io.postern.imap.DecoderHarness.error;
import static io.postern.imap.DecoderHarness.list;
import static io.postern.imap.DecoderHarness.literal;
import static io.postern.imap.DecoderHarness.quoted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.postern.spi.WireText;
import io.postern.testing.ByteSplits;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImapCommandDecoderTest {

    @Test
    void decodesCommandWithoutArguments() {
        assertDecodes("a1 NOOP\r\n", command("a1", "NOOP"));
    }

    @Test
    void upperCasesLowerCaseVerb() {
        assertDecodes("a1 capability\r\n", command("a1", "CAPABILITY"));
    }

    @Test
    void acceptsRfcTagCharacters() {
        assertDecodes("A.b-c_1]x LOGOUT\r\n", command("A.b-c_1]x", "LOGOUT"));
    }

    @Test
    void decodesAtomArguments() {
        assertDecodes("a LOGIN bob s3cr]t\r\n", command("a", "LOGIN", atom("bob"), atom("s3cr]t")));
    }

    @Test
    void decodesQuotedStringsWithEscapes() {
        assertDecodes("a2 LOGIN \"us\\\"er\" \"pa\\\\ss word\"\r\n",
                command("a2", "LOGIN", quoted("us\"er"), quoted("pa\\ss word")));
    }

    @Test
    void decodesEmptyQuotedString() {
        assertDecodes("a LOGIN \"\" x\r\n", command("a", "LOGIN", quoted(""), atom("x")));
    }

    @Test
    void asksForEachSynchronizingLiteralBeforeItsBytes() {
        assertDecodes("a3 LOGIN {4}\r\nuser {4}\r\npass\r\n",
                new ImapLiteralRequest("a3"), new ImapLiteralRequest("a3"),
                command("a3", "LOGIN", literal("user"), literal("pass")));
    }

    @Test
    void emitsLiteralRequestAsSoonAsTheHeaderEnds() {
        ImapCommandDecoder decoder = new ImapCommandDecoder(DecoderHarness.MAX);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        channel.writeInbound(Unpooled.copiedBuffer("a LOGIN {3}\r\n", StandardCharsets.US_ASCII));
        assertThat(ByteSplits.readAll(channel)).containsExactly(new ImapLiteralRequest("a"));
        channel.writeInbound(Unpooled.copiedBuffer("bob \"pw\"\r\n", StandardCharsets.US_ASCII));
        assertThat(ByteSplits.readAll(channel)).containsExactly(command("a", "LOGIN", literal("bob"), quoted("pw")));
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void decodesNonSynchronizingLiteralsWithoutAsking() {
        assertDecodes("a4 LOGIN {4+}\r\nuser {4+}\r\npass\r\n",
                command("a4", "LOGIN", literal("user"), literal("pass")));
    }

    @Test
    void decodesMixedLiteralsInOneLogin() {
        assertDecodes("a LOGIN {3+}\r\nbob {6}\r\nsecret\r\n",
                new ImapLiteralRequest("a"), command("a", "LOGIN", literal("bob"), literal("secret")));
    }

    @Test
    void keepsCrlfAndSpacesInsideLiterals() {
        assertDecodes("a LOGIN {8}\r\n a\r\nb c  x\r\n",
                new ImapLiteralRequest("a"), command("a", "LOGIN", literal(" a\r\nb c "), atom("x")));
    }

    @Test
    void acceptsEmptyLiterals() {
        assertDecodes("a LOGIN {0}\r\n {0+}\r\n\r\n",
                new ImapLiteralRequest("a"), command("a", "LOGIN", literal(""), literal("")));
    }

    @Test
    void decodesLiteralsAsUtf8() {
        assertDecodes("a LOGIN {5+}\r\njörg x\r\n", command("a", "LOGIN", literal("jörg"), atom("x")));
    }

    @Test
    void decodesPipelinedCommandsInOrder() {
        assertDecodes("a1 NOOP\r\na2 CAPABILITY\r\na3 LOGIN {1+}\r\nu p\r\na4 LOGOUT\r\n",
                command("a1", "NOOP"), command("a2", "CAPABILITY"),
                command("a3", "LOGIN", literal("u"), atom("p")), command("a4", "LOGOUT"));
    }

    @Test
    void acceptsBareLineFeedsLikeNginx() {
        assertDecodes("a NOOP\nb LOGIN {3}\nabc x\n",
                command("a", "NOOP"), new ImapLiteralRequest("b"), command("b", "LOGIN", literal("abc"), atom("x")));
    }

    @Test
    void acceptsExtraSpacesLikeNginx() {
        assertDecodes("a  NOOP \r\nb LOGIN  x   y\r\n",
                command("a", "NOOP"), command("b", "LOGIN", atom("x"), atom("y")));
    }

    @Test
    void decodesIdWithNestedListsAndNil() {
        assertDecodes("a ID (\"name\" \"x\" \"version\" NIL \"os\" (\"a b\" {2+}\r\nhi ()))\r\nb ID NIL\r\n",
                command("a", "ID", list(quoted("name"), quoted("x"), quoted("version"), atom("NIL"),
                        quoted("os"), list(quoted("a b"), literal("hi"), list()))),
                command("b", "ID", atom("NIL")));
    }

    @Test
    void rejectsInvalidTagUntagged() {
        assertDecodes("* LOGIN a b\r\na5 NOOP\r\n", error(null, "invalid tag", false), command("a5", "NOOP"));
    }

    @Test
    void rejectsTagWithPlus() {
        assertDecodes("a+ NOOP\r\n", error(null, "invalid tag", false));
    }

    @Test
    void rejectsEmptyLineAsMissingTag() {
        assertDecodes("\r\n a NOOP\r\n", error(null, "missing tag", false), error(null, "missing tag", false));
    }

    @Test
    void rejectsMissingVerbWithTheTag() {
        assertDecodes("a6\r\na7 \r\na8 NOOP\r\n",
                error("a6", "missing command", false), error("a7", "missing command", false), command("a8", "NOOP"));
    }

    @Test
    void rejectsInvalidVerb() {
        assertDecodes("a NO\"OP\r\n", error("a", "invalid command name", false));
    }

    @Test
    void rejectsBadQuotedEscape() {
        assertDecodes("a7 LOGIN \"a\\b\" c\r\nb NOOP\r\n",
                error("a7", "invalid escape in quoted string", false), command("b", "NOOP"));
    }

    @Test
    void rejectsUnterminatedQuotedString() {
        assertDecodes("a LOGIN \"abc\r\n", error("a", "unterminated quoted string", false));
    }

    @Test
    void rejectsNulOutsideLiterals() {
        assertDecodes(DecoderHarness.MAX, "a LOGIN \"a\0b\" c\r\nb LOGIN \0 c\r\n".getBytes(StandardCharsets.US_ASCII),
                error("a", "NUL in quoted string", false), error("b", "invalid character in argument", false));
    }

    @Test
    void rejectsNulInLiteralAfterReadingIt() {
        assertDecodes("a LOGIN {3}\r\na\0b x\r\nb NOOP\r\n",
                new ImapLiteralRequest("a"), error("a", "NUL in literal", false), command("b", "NOOP"));
    }

    @Test
    void keepsInvalidUtf8AsTheClientsBytesInLiteralsQuotedStringsAndAtoms() {
        byte[] input = {'a', ' ', 'L', 'O', 'G', 'I', 'N', ' ', '{', '1', '+', '}', '\r', '\n', (byte) 0xC3, ' ',
            '"', (byte) 0xFF, '"', ' ', 'x', (byte) 0xFE, '\r', '\n'};
        assertDecodes(DecoderHarness.MAX, input, command("a", "LOGIN",
                literal(WireText.decode(new byte[] {(byte) 0xC3})), quoted(WireText.decode(new byte[] {(byte) 0xFF})),
                atom(WireText.decode(new byte[] {'x', (byte) 0xFE}))));
    }

    @Test
    void rejectsMissingSpaceBetweenArguments() {
        assertDecodes("a LOGIN \"x\"y\r\nb LOGIN x\"y\"\r\n",
                error("a", "missing space after argument", false), error("b", "missing space after argument", false));
    }

    @Test
    void rejectsUnbalancedLists() {
        assertDecodes("a ID (\"x\"\r\nb ID x)\r\nc ID )\r\n",
                error("a", "unclosed list", false), error("b", "unexpected ')'", false), error("c", "unexpected ')'", false));
    }

    @Test
    void rejectsListsNestedTooDeeply() {
        String deep = "(".repeat(ImapCommandDecoder.MAX_LIST_DEPTH + 1) + ")".repeat(ImapCommandDecoder.MAX_LIST_DEPTH + 1);
        assertDecodes("a ID " + deep + "\r\n", error("a", "lists nested too deeply", false));
    }

    @Test
    void rejectsCarriageReturnWithoutLineFeed() {
        assertDecodes("a NOOP\rb NOOP\r\nc NOOP\r\n", error("a", "CR without LF", false), command("c", "NOOP"));
    }

    @Test
    void rejectsMalformedLiteralHeaders() {
        assertDecodes("a LOGIN {}\r\nb LOGIN {1a}\r\nc LOGIN {1}x\r\n",
                error("a", "invalid literal length", false), error("b", "invalid literal length", false),
                error("c", "literal header must end the line", false));
    }

    @Test
    void rejectsLiteral8BeforeLogin() {
        assertDecodes("a LOGIN ~{3}\r\nb NOOP\r\n", error("a", "literal8 is not allowed before login", false),
                command("b", "NOOP"));
    }

    @Test
    void closesAfterLiteral8WithNonSynchronizingHeader() {
        assertDecodes("a APPEND INBOX ~{3+}\r\nb NOOP\r\n",
                error("a", "literal8 is not allowed before login", true));
    }

    @Test
    void closesOnTooLongCommand() {
        assertDecodes(32, "a8 LOGIN " + "x".repeat(40) + "\r\na9 NOOP\r\n", error("a8", "too long command", true));
    }

    @Test
    void acceptsCommandOfExactlyTheLimit() {
        assertDecodes(9, "a NOOP\r\nb NOOP\r\n", command("a", "NOOP"), command("b", "NOOP"));
        assertDecodes(7, "a NOOP\r\n", error("a", "too long command", true));
    }

    @Test
    void closesOnTooLongInvalidLine() {
        assertDecodes(16, "* " + "y".repeat(30) + "\r\nb NOOP\r\n", error(null, "too long command", true));
    }

    @Test
    void refusesSynchronizingLiteralLargerThanLimitWithoutClosing() {
        assertDecodes(64, "a LOGIN {100}\r\nb NOOP\r\n", error("a", "literal too large", false), command("b", "NOOP"));
    }

    @Test
    void closesOnNonSynchronizingLiteralLargerThanLimit() {
        assertDecodes(64, "a LOGIN {100+}\r\nxxxx\r\nb NOOP\r\n", error("a", "literal too large", true));
    }

    @Test
    void capsHugeLiteralLengthsWithoutOverflow() {
        assertDecodes(64, "a LOGIN {99999999999999999999999}\r\nb NOOP\r\n",
                error("a", "literal too large", false), command("b", "NOOP"));
    }

    @Test
    void closesWhenInvalidLineEndsWithNonSynchronizingLiteral() {
        assertDecodes("* LOGIN {5+}\r\na NOOP\r\nb NOOP\r\n", error(null, "invalid tag", true));
        assertDecodes("a LOGIN \"x\\y\" {5+}\nhello\r\n", error("a", "invalid escape in quoted string", true));
    }

    @Test
    void closesWhenNonSynchronizingLiteralHeaderIsFollowedByGarbage() {
        assertDecodes("a LOGIN {5+}\r\r\nhello\r\nb NOOP\r\n", error("a", "literal header must end the line", true));
    }

    @Test
    void skipsInvalidLineEndingWithSynchronizingLiteral() {
        assertDecodes("* LOGIN {5}\r\na NOOP\r\n", error(null, "invalid tag", false), command("a", "NOOP"));
    }

    @Test
    void readsContinuationLinesForAuthenticate() {
        assertDecodes("a AUTHENTICATE PLAIN\r\nAGJvYgBzZWNyZXQ=\r\nb NOOP\r\n",
                command("a", "AUTHENTICATE", atom("PLAIN")), new ImapContinuation("AGJvYgBzZWNyZXQ="),
                command("b", "NOOP"));
    }

    @Test
    void readsSeveralContinuationLinesAndBareLineFeeds() {
        assertDecodes("a authenticate login\r\ndXNlcg==\nKg==\r\n\r\nb NOOP\r\n",
                command("a", "AUTHENTICATE", atom("login")), new ImapContinuation("dXNlcg=="),
                new ImapContinuation("Kg=="), error(null, "missing tag", false), command("b", "NOOP"));
    }

    @Test
    void readsEmptyAndCancelContinuationLines() {
        assertDecodes("a AUTHENTICATE PLAIN\r\n\r\nb AUTHENTICATE PLAIN\r\n*\r\n",
                command("a", "AUTHENTICATE", atom("PLAIN")), new ImapContinuation(""),
                command("b", "AUTHENTICATE", atom("PLAIN")), new ImapContinuation("*"));
    }

    @Test
    void closesOnTooLongContinuationLine() {
        assertDecodes(32, "a AUTHENTICATE PLAIN\r\n" + "A".repeat(40) + "\r\nb NOOP\r\n",
                command("a", "AUTHENTICATE", atom("PLAIN")), error(null, "too long command", true));
    }

    @Test
    void refusesContinuationModeInTheMiddleOfACommand() {
        ImapCommandDecoder decoder = new ImapCommandDecoder(DecoderHarness.MAX);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        channel.writeInbound(Unpooled.copiedBuffer("a LOG", StandardCharsets.US_ASCII));
        assertThatThrownBy(decoder::expectContinuation).isInstanceOf(IllegalStateException.class);
        assertThat(ByteSplits.removeAndCollectLeftover(channel, decoder)).asString(StandardCharsets.US_ASCII)
                .isEqualTo("a LOG");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void handsUnparsedBytesOnWhenRemoved() {
        ImapCommandDecoder decoder = new ImapCommandDecoder(DecoderHarness.MAX);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        channel.writeInbound(Unpooled.copiedBuffer("a LOGIN u p\r\nb SELECT \"INB", StandardCharsets.US_ASCII));
        assertThat(ByteSplits.readAll(channel)).containsExactly(command("a", "LOGIN", atom("u"), atom("p")));
        assertThat(ByteSplits.removeAndCollectLeftover(channel, decoder)).asString(StandardCharsets.US_ASCII)
                .isEqualTo("b SELECT \"INB");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void emitsOneMessagePerReadInSingleDecodeMode() {
        ImapCommandDecoder decoder = new ImapCommandDecoder(DecoderHarness.MAX);
        decoder.setSingleDecode(true);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        channel.writeInbound(Unpooled.copiedBuffer("a NOOP\r\nb LOGIN {1}\r\n", StandardCharsets.US_ASCII));
        assertThat(ByteSplits.readAll(channel)).containsExactly(command("a", "NOOP"));
        channel.writeInbound(Unpooled.copiedBuffer("x y\r\nc NOOP\r\n", StandardCharsets.US_ASCII));
        assertThat(ByteSplits.readAll(channel)).containsExactly(new ImapLiteralRequest("b"));
        channel.writeInbound(Unpooled.EMPTY_BUFFER);
        assertThat(ByteSplits.readAll(channel)).containsExactly(command("b", "LOGIN", literal("x"), atom("y")));
        assertThat(ByteSplits.removeAndCollectLeftover(channel, decoder)).asString(StandardCharsets.US_ASCII)
                .isEqualTo("c NOOP\r\n");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void rejectsANegativeLimit() {
        assertThatThrownBy(() -> new ImapCommandDecoder(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxCommandLength: -1 (expected: >= 0)");
    }

    @Test
    void aZeroLimitMakesEveryCommandTooLongAsNginxsEmptyBufferDoes() {
        EmbeddedChannel channel = new EmbeddedChannel(new ImapCommandDecoder(0));
        channel.writeInbound(Unpooled.copiedBuffer("a NOOP\r\n", StandardCharsets.US_ASCII));
        assertThat(ByteSplits.readAll(channel)).singleElement().isInstanceOfSatisfying(ImapDecodeError.class,
                error -> assertThat(error.mustClose()).isTrue());
        assertThat(channel.finish()).isFalse();
    }
}
