package io.postern.imap.relay;

import io.postern.relay.FrameDecoder;
import io.postern.relay.FramingError;
import static io.postern.imap.relay.Frames.assertFrames;
import static io.postern.spi.imap.ImapArg.atom;
import static io.postern.spi.imap.ImapArg.list;
import static io.postern.spi.imap.ImapArg.quoted;
import static org.assertj.core.api.Assertions.assertThat;

import io.postern.imap.relay.Frames.Command;
import io.postern.imap.relay.Frames.Literal;
import io.postern.imap.relay.Frames.Raw;
import io.postern.spi.imap.ImapArg;
import io.postern.spi.imap.ImapCommand;
import io.postern.testing.ByteSplits;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The client's commands framed after login, each input fed whole, a byte at a time and split everywhere. */
class ImapCommandFramingTest {

    private static final int MAX_LINE = 80;
    private static final int INLINE = 16;
    private static final Consumer<FrameDecoder> NOTHING = d -> { };

    private static void assertCommands(String input, Object... expected) {
        assertFrames(gate -> new ImapCommandFraming(gate, MAX_LINE, INLINE), NOTHING, input, expected);
    }

    private static Command command(String bytes, String tag, String verb, ImapArg... args) {
        return new Command(new ImapCommand(tag, verb, List.of(args)), bytes, List.of(), Optional.empty());
    }

    private static Command command(String bytes, List<LiteralMark> literals, Optional<LiteralMark> streamed,
                                   String tag, String verb, ImapArg... args) {
        return new Command(new ImapCommand(tag, verb, List.of(args)), bytes, literals, streamed);
    }

    private static ImapArg.Literal literal(String latin1, boolean binary) {
        return new ImapArg.Literal(latin1.getBytes(StandardCharsets.ISO_8859_1), binary);
    }

    private static InvalidCommand invalid(String tag, String reason, boolean mustClose) {
        return new InvalidCommand(Optional.ofNullable(tag), reason, mustClose);
    }

    @Test
    void framesCommandsWithAtomsQuotedStringsAndLists() {
        assertCommands("a1 NOOP\r\na2 select INBOX\r\na3 CREATE \"a \\\"b\\\" \\\\c\"\r\n",
                command("a1 NOOP\r\n", "a1", "NOOP"),
                command("a2 select INBOX\r\n", "a2", "SELECT", atom("INBOX")),
                command("a3 CREATE \"a \\\"b\\\" \\\\c\"\r\n", "a3", "CREATE", quoted("a \"b\" \\c")));
    }

    @Test
    void keepsSectionsWithSpacesAndParenthesesInOneAtom() {
        String line = "a4 FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (FROM TO)]<0.100>)\r\n";
        assertCommands(line, command(line, "a4", "FETCH", atom("1:*"),
                list(atom("FLAGS"), atom("BODY.PEEK[HEADER.FIELDS (FROM TO)]<0.100>"))));
    }

    @Test
    void namesUidCommandsWithTheirSubcommand() {
        assertCommands("a5 uid fetch 1:4 (UID)\r\n",
                command("a5 uid fetch 1:4 (UID)\r\n", "a5", "UID FETCH", atom("1:4"), list(atom("UID"))));
    }

    @Test
    void acceptsABareLineFeedAndUtf8() {
        String line = "a6 SELECT \"Entw\u00fcrfe\"\n";
        byte[] utf8 = line.getBytes(StandardCharsets.UTF_8);
        assertCommands(new String(utf8, StandardCharsets.ISO_8859_1),
                command(new String(utf8, StandardCharsets.ISO_8859_1), "a6", "SELECT", quoted("Entw\u00fcrfe")));
    }

    @Test
    void gathersASmallSynchronizingLiteralAfterAskingForIt() {
        assertCommands("a7 CREATE {5}\r\nhello\r\n",
                LiteralRequest.INSTANCE,
                command("a7 CREATE {5}\r\nhello\r\n", List.of(new LiteralMark(10, 12, 15, 5, false, false)),
                        Optional.empty(), "a7", "CREATE", literal("hello", false)));
    }

    @Test
    void gathersANonSynchronizingLiteralWithoutAsking() {
        assertCommands("a8 CREATE {5+}\r\nhello\r\n",
                command("a8 CREATE {5+}\r\nhello\r\n", List.of(new LiteralMark(10, 13, 16, 5, false, true)),
                        Optional.empty(), "a8", "CREATE", literal("hello", false)));
    }

    @Test
    void gathersSeveralLiteralsOfOneCommandIncludingALiteral8WithNul() {
        String input = "a9 APPEND INBOX {3}\r\nabc ~{4+}\r\n\0x\0y (\\Seen) {0}\r\n\r\n";
        assertCommands(input,
                LiteralRequest.INSTANCE,
                LiteralRequest.INSTANCE,
                command(input, List.of(new LiteralMark(16, 18, 21, 3, false, false),
                                new LiteralMark(25, 29, 32, 4, true, true), new LiteralMark(45, 47, 50, 0, false, false)),
                        Optional.empty(), "a9", "APPEND", atom("INBOX"), literal("abc", false),
                        literal("\0x\0y", true), list(atom("\\Seen")), literal("", false)));
    }

    @Test
    void refusesANulInALiteralThatIsNoLiteral8() {
        assertCommands("b1 CREATE {3+}\r\na\0b\r\nb2 NOOP\r\n",
                invalid("b1", "NUL in a literal", false),
                command("b2 NOOP\r\n", "b2", "NOOP"));
    }

    @Test
    void streamsALiteralLongerThanTheInlineLimitAndRelaysTheRestOfItsLine() {
        String body = "0123456789abcdefghij";
        assertCommands("c1 APPEND INBOX (\\Seen) {20}\r\n" + body + "\r\nc2 NOOP\r\n",
                command("c1 APPEND INBOX (\\Seen) {20}\r\n", List.of(), Optional.of(new LiteralMark(24, 27, 30, 20, false, false)),
                        "c1", "APPEND", atom("INBOX"), list(atom("\\Seen")), new ImapArg.Streamed(20, false)),
                new Literal(body, true),
                new Raw("\r\n", false, true, Optional.empty(), Optional.empty()),
                command("c2 NOOP\r\n", "c2", "NOOP"));
    }

    @Test
    void streamsALiteralInsideOpenListsWhichTheRestOfTheLineCloses() {
        String body = "\0\1\2\3\4\5\6\7\0\1\2\3\4\5\6\7\0";
        assertCommands("c3 APPEND INBOX UTF8 (~{17+}\r\n" + body + ")\r\n",
                command("c3 APPEND INBOX UTF8 (~{17+}\r\n", List.of(), Optional.of(new LiteralMark(22, 27, 30, 17, true, true)),
                        "c3", "APPEND", atom("INBOX"), atom("UTF8"), list(new ImapArg.Streamed(17, true))),
                new Literal(body, true),
                new Raw(")\r\n", false, true, Optional.empty(), Optional.empty()));
    }

    @Test
    void framesTheLiteralsOfAMultiappendAfterAStreamedOneUnseen() {
        String first = "A".repeat(20);
        String second = "B".repeat(30);
        assertCommands("c4 APPEND INBOX {20}\r\n" + first + " (\\Flagged) {30+}\r\n" + second + " {2}\r\nxy\r\n",
                command("c4 APPEND INBOX {20}\r\n", List.of(), Optional.of(new LiteralMark(16, 19, 22, 20, false, false)),
                        "c4", "APPEND", atom("INBOX"), new ImapArg.Streamed(20, false)),
                new Literal(first, true),
                new Raw(" (\\Flagged) {30+}\r\n", false, true, Optional.of(new LiteralMark(12, 16, 19, 30, false, true)),
                        Optional.empty()),
                new Literal(second, false),
                new Raw(" {2}\r\n", false, true, Optional.of(new LiteralMark(1, 3, 6, 2, false, false)), Optional.empty()),
                new Literal("xy", false),
                new Raw("\r\n", false, true, Optional.empty(), Optional.empty()));
    }

    @Test
    void readsTheLineAfterAServersContinuationRequestAsAContinuationLine() {
        assertFrames(gate -> new ImapCommandFraming(gate, MAX_LINE, INLINE), d -> ((ImapCommandFraming) d).expectContinuationLine(),
                "DONE\r\nd2 NOOP\r\n",
                new Raw("DONE\r\n", true, true, Optional.empty(), Optional.empty()),
                command("d2 NOOP\r\n", "d2", "NOOP"));
    }

    @Test
    void answersAnInvalidLineAndReadsOn() {
        assertCommands("e1 FOO )\r\n\r\n* NOOP\r\ne2 FOO \"x\r\ne3 FOO (a\r\ne4 NOOP\r\n",
                invalid("e1", "unexpected ')'", false),
                invalid(null, "missing tag", false),
                invalid(null, "missing tag", false),
                invalid("e2", "unterminated quoted string", false),
                invalid("e3", "unclosed list", false),
                command("e4 NOOP\r\n", "e4", "NOOP"));
    }

    @Test
    void answersAnInvalidLineEndingWithASynchronizingLiteralAndReadsOn() {
        assertCommands("f1 FOO ) {5}\r\nf2 NOOP\r\n",
                invalid("f1", "unexpected ')'", false),
                command("f2 NOOP\r\n", "f2", "NOOP"));
    }

    @Test
    void stopsReadingAfterAnInvalidLineEndingWithANonSynchronizingLiteral() {
        assertCommands("f3 FOO ) {5+}\r\nf4 NOOP\r\n",
                invalid("f3", "unexpected ')'", true));
    }

    @Test
    void stopsReadingAfterACommandWithoutVerbStreamingANonSynchronizingLiteral() {
        assertCommands("f5 {20+}\r\n" + "x".repeat(20) + "\r\nf6 NOOP\r\n",
                invalid("f5", "missing command", true));
    }

    @Test
    void answersALineLongerThanTheLimitWithoutKeepingIt() {
        assertCommands("g1 SEARCH " + "X ".repeat(40) + "\r\ng2 NOOP\r\n",
                invalid("g1", "line too long", false),
                command("g2 NOOP\r\n", "g2", "NOOP"));
    }

    @Test
    void countsTheLineLimitWithoutTheGatheredLiterals() {
        String line = "g3 CREATE {16}\r\n" + "y".repeat(16) + " " + "z".repeat(60) + "\r\n";
        assertCommands(line, LiteralRequest.INSTANCE,
                command(line, List.of(new LiteralMark(10, 13, 16, 16, false, false)), Optional.empty(), "g3", "CREATE",
                        literal("y".repeat(16), false), atom("z".repeat(60))));
    }

    @Test
    void refusesALiteralLengthBeyondAnyCount() {
        assertCommands("h1 APPEND INBOX {1234567890123456789}\r\nh2 NOOP\r\n",
                invalid("h1", "literal length too large", false),
                command("h2 NOOP\r\n", "h2", "NOOP"));
        assertCommands("h3 APPEND INBOX {1234567890123456789+}\r\nh4 NOOP\r\n",
                invalid("h3", "literal length too large", true));
    }

    @Test
    void endsWhenTheRestOfAStreamedLineAnnouncesALiteralBeyondAnyCount() {
        byte[] input = Frames.bytes("h5 APPEND INBOX {20}\r\n" + "x".repeat(20) + " {1234567890123456789+}\r\nh6 NOOP\r\n");
        for (ByteSplits.Chunking chunking : ByteSplits.all(input)) {
            List<Object> frames = Frames.decode(gate -> new ImapCommandFraming(gate, MAX_LINE, INLINE), NOTHING, chunking);
            // The space before the header may already have been passed on; nothing after the error is.
            assertThat(frames.stream().filter(f -> !(f instanceof Raw))).as(chunking.description()).containsExactly(
                    command("h5 APPEND INBOX {20}\r\n", List.of(), Optional.of(new LiteralMark(16, 19, 22, 20, false, false)),
                            "h5", "APPEND", atom("INBOX"), new ImapArg.Streamed(20, false)),
                    new Literal("x".repeat(20), true),
                    new FramingError(FramingError.Kind.TOO_LONG, "a literal length of more than 18 digits"));
        }
    }
}
