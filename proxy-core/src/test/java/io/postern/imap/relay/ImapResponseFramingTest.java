package io.postern.imap.relay;

import static io.postern.imap.relay.Frames.assertFrames;
import static io.postern.spi.imap.ImapArg.atom;
import static io.postern.spi.imap.ImapArg.list;
import static io.postern.spi.imap.ImapArg.quoted;

import io.postern.imap.relay.Frames.Literal;
import io.postern.imap.relay.Frames.Raw;
import io.postern.imap.relay.Frames.Response;
import io.postern.spi.imap.ImapArg;
import io.postern.spi.imap.ImapResponse;
import io.postern.relay.FrameDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The server's responses framed after login, each input fed whole, a byte at a time and split everywhere. */
class ImapResponseFramingTest {

    private static final int MAX_LINE = 80;
    private static final int INLINE = 16;
    private static final Consumer<FrameDecoder> NOTHING = d -> { };

    private static void assertResponses(String input, Object... expected) {
        assertFrames(gate -> new ImapResponseFraming(gate, MAX_LINE, INLINE), NOTHING, input, expected);
    }

    private static Response response(String bytes, ImapResponse response) {
        return new Response(response, bytes, Optional.empty());
    }

    private static Response data(String bytes, ImapArg... args) {
        return response(bytes, new ImapResponse.Data(List.of(args)));
    }

    private static Raw raw(String bytes, boolean starts, Optional<LiteralMark> literal, Optional<String> completes) {
        return new Raw(bytes, starts, true, literal, completes);
    }

    @Test
    void framesStatusResponsesWithTheirCodeAndText() {
        assertResponses("* OK [CAPABILITY IMAP4rev1 LITERAL+] ready {5}\r\na1 OK [READ-WRITE] SELECT completed\r\n"
                        + "a2 no\r\n* BYE shutting down\r\n",
                response("* OK [CAPABILITY IMAP4rev1 LITERAL+] ready {5}\r\n",
                        new ImapResponse.Status("OK", Optional.of("CAPABILITY IMAP4rev1 LITERAL+"), "ready {5}")),
                response("a1 OK [READ-WRITE] SELECT completed\r\n",
                        new ImapResponse.Tagged("a1", "OK", Optional.of("READ-WRITE"), "SELECT completed")),
                response("a2 no\r\n", new ImapResponse.Tagged("a2", "NO", Optional.empty(), "")),
                response("* BYE shutting down\r\n", new ImapResponse.Status("BYE", Optional.empty(), "shutting down")));
    }

    @Test
    void framesContinuationRequests() {
        assertResponses("+ idling\r\n+\r\n",
                response("+ idling\r\n", new ImapResponse.Continuation("idling")),
                response("+\r\n", new ImapResponse.Continuation("")));
    }

    @Test
    void framesUntaggedDataIntoArguments() {
        assertResponses("* 3 EXISTS\r\n* LIST (\\HasNoChildren) \"/\" INBOX\r\n* CAPABILITY IMAP4rev1 COMPRESS=DEFLATE\n",
                data("* 3 EXISTS\r\n", atom("3"), atom("EXISTS")),
                data("* LIST (\\HasNoChildren) \"/\" INBOX\r\n", atom("LIST"), list(atom("\\HasNoChildren")),
                        quoted("/"), atom("INBOX")),
                data("* CAPABILITY IMAP4rev1 COMPRESS=DEFLATE\n", atom("CAPABILITY"), atom("IMAP4rev1"),
                        atom("COMPRESS=DEFLATE")));
    }

    @Test
    void gathersASmallFetchLiteralIntoItsResponse() {
        String input = "* 1 FETCH (UID 7 BODY[HEADER.FIELDS (FROM TO)] {11}\r\nFrom: a\r\n\r\n FLAGS (\\Seen))\r\n";
        assertResponses(input, data(input, atom("1"), atom("FETCH"), list(atom("UID"), atom("7"),
                atom("BODY[HEADER.FIELDS (FROM TO)]"), new ImapArg.Literal("From: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII), false),
                atom("FLAGS"), list(atom("\\Seen")))));
    }

    @Test
    void streamsALargeFetchLiteralAndRelaysTheRestOfItsLine() {
        String body = "line one\r\nline two\r\n.\r\n";
        assertResponses("* 1 FETCH (UID 7 BODY[] {" + body.length() + "}\r\n" + body + " FLAGS (\\Seen))\r\n* 2 EXISTS\r\n",
                new Response(new ImapResponse.Data(List.of(atom("1"), atom("FETCH"),
                        list(atom("UID"), atom("7"), atom("BODY[]"), new ImapArg.Streamed(body.length(), false)))),
                        "* 1 FETCH (UID 7 BODY[] {23}\r\n", Optional.of(new LiteralMark(24, 27, 30, 23, false, false))),
                new Literal(body, true),
                raw(" FLAGS (\\Seen))\r\n", false, Optional.empty(), Optional.empty()),
                data("* 2 EXISTS\r\n", atom("2"), atom("EXISTS")));
    }

    @Test
    void gathersALiteral8WithNulBytes() {
        assertResponses("* 1 FETCH (BINARY[1] ~{4}\r\n\0\1\2\3)\r\n",
                data("* 1 FETCH (BINARY[1] ~{4}\r\n\0\1\2\3)\r\n", atom("1"), atom("FETCH"),
                        list(atom("BINARY[1]"), new ImapArg.Literal(new byte[] {0, 1, 2, 3}, true))));
    }

    @Test
    void relaysALineThatDoesNotParseRawFramedByItsLineEnd() {
        assertResponses("* 1 FETCH (BODY[] \"unterminated\r\n*NOSPACE\r\nbad{tag OK\r\n* 2 EXISTS\r\n",
                raw("* 1 FETCH (BODY[] \"unterminated\r\n", true, Optional.empty(), Optional.empty()),
                raw("*NOSPACE\r\n", true, Optional.empty(), Optional.empty()),
                raw("bad{tag OK\r\n", true, Optional.empty(), Optional.empty()),
                data("* 2 EXISTS\r\n", atom("2"), atom("EXISTS")));
    }

    @Test
    void relaysALineThatDoesNotParseWithTheLiteralItEndsWith() {
        assertResponses("* 1 FETCH (BODY[] \"x\"y {5}\r\nhello)\r\n* 2 EXISTS\r\n",
                raw("* 1 FETCH (BODY[] \"x\"y {5}\r\n", true, Optional.of(new LiteralMark(23, 25, 28, 5, false, false)),
                        Optional.empty()),
                new Literal("hello", false),
                raw(")\r\n", false, Optional.empty(), Optional.empty()),
                data("* 2 EXISTS\r\n", atom("2"), atom("EXISTS")));
    }

    @Test
    void relaysARawLineAfterTheLiteralsItsParsedPartGathered() {
        String input = "* 1 FETCH (((BODY[] {5}\r\nhello)\r\n";
        assertResponses(input, raw(input, true, Optional.empty(), Optional.empty()));
    }

    @Test
    void relaysANonSynchronizingLiteralInAResponseRaw() {
        assertResponses("* 1 FETCH (BODY[] {3+}\r\nabc)\r\n",
                raw("* 1 FETCH (BODY[] {3+}\r\n", true, Optional.of(new LiteralMark(18, 21, 24, 3, false, true)),
                        Optional.empty()),
                new Literal("abc", false),
                raw(")\r\n", false, Optional.empty(), Optional.empty()));
    }

    @Test
    void relaysDataLongerThanTheLimitRaw() {
        String line = "* SEARCH" + " 1234".repeat(30) + "\r\n";
        assertResponses(line + "* 2 EXISTS\r\n",
                raw(line, true, Optional.empty(), Optional.empty()),
                data("* 2 EXISTS\r\n", atom("2"), atom("EXISTS")));
    }

    @Test
    void relaysATaggedReplyLongerThanTheLimitRawNamingTheCommandItCompletes() {
        String line = "a3 OK " + "done ".repeat(30) + "{5}\r\n";
        assertResponses(line + "* 2 EXISTS\r\n",
                raw(line, true, Optional.empty(), Optional.of("a3")),
                data("* 2 EXISTS\r\n", atom("2"), atom("EXISTS")));
    }
}
