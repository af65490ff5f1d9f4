package io.postern.imap.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.postern.imap.LiteralSupport;
import io.postern.spi.imap.ImapArg;
import io.postern.spi.imap.ImapCommand;
import io.postern.spi.imap.ImapResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How replaced commands and responses are written: quoting, literals, checks against injection. */
class ImapEncoderTest {

    private static final UnpooledByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

    private final LiteralSupport noLiteralPlus = new LiteralSupport(Optional.empty());

    private static List<String> texts(List<ByteBuf> segments) {
        return segments.stream().map(b -> {
            String text = b.toString(StandardCharsets.ISO_8859_1);
            b.release();
            return text;
        }).toList();
    }

    private static String text(ByteBuf bytes) {
        String text = bytes.toString(StandardCharsets.UTF_8);
        bytes.release();
        return text;
    }

    private static ImapCommand command(String verb, ImapArg... args) {
        return new ImapCommand("a1", verb, List.of(args));
    }

    @Test
    void quotesAndEscapesPlainStrings() {
        assertThat(texts(new ImapEncoder(noLiteralPlus).command(ALLOC,
                command("CREATE", ImapArg.quoted("say \"hi\" \\ there"), ImapArg.list(ImapArg.atom("\\Seen"))),
                Optional.empty())))
                .containsExactly("a1 CREATE \"say \\\"hi\\\" \\\\ there\" (\\Seen)\r\n");
    }

    @Test
    void writesStringsWithLineBreaksOrEightBitBytesAsLiteralsUntilUtf8IsAccepted() {
        ImapEncoder encoder = new ImapEncoder(noLiteralPlus);
        assertThat(texts(encoder.command(ALLOC, command("SELECT", ImapArg.quoted("Entw\u00fcrfe")), Optional.empty())))
                .containsExactly("a1 SELECT {9}\r\n", "Entw\u00c3\u00bcrfe\r\n");
        encoder.utf8Accepted();
        assertThat(texts(encoder.command(ALLOC, command("SELECT", ImapArg.quoted("Entw\u00fcrfe")), Optional.empty())))
                .containsExactly("a1 SELECT \"Entw\u00c3\u00bcrfe\"\r\n");
        assertThat(texts(encoder.command(ALLOC, command("SELECT", ImapArg.quoted("a\r\nb")), Optional.empty())))
                .containsExactly("a1 SELECT {4}\r\n", "a\r\nb\r\n");
    }

    @Test
    void writesLiteralsNonSynchronizingWhenTheUpstreamTakesThem() {
        LiteralSupport minus = new LiteralSupport(Optional.of(List.of("LITERAL-")));
        ImapArg.Literal small = new ImapArg.Literal(new byte[] {0, 1}, true);
        ImapArg.Literal large = ImapArg.Literal.of("x".repeat(4097));
        assertThat(texts(new ImapEncoder(minus).command(ALLOC, command("APPEND", ImapArg.atom("INBOX"), small, large),
                Optional.empty())))
                .containsExactly("a1 APPEND INBOX ~{2+}\r\n\0\1 {4097}\r\n", "x".repeat(4097) + "\r\n");
    }

    @Test
    void leavesTheListsAStreamedLiteralEndsOpenWithItsHeaderLast() {
        LiteralMark streamed = new LiteralMark(0, 0, 0, 5000, false, true);
        ImapCommand append = command("APPEND", ImapArg.quoted("INBOX.Sent"),
                ImapArg.list(ImapArg.atom("UTF8"), ImapArg.list(new ImapArg.Streamed(5000, false))));
        assertThat(texts(new ImapEncoder(new LiteralSupport(Optional.of(List.of("LITERAL+")))).command(ALLOC, append,
                Optional.of(streamed)))).containsExactly("a1 APPEND \"INBOX.Sent\" (UTF8 ({5000+}\r\n");
        assertThat(texts(new ImapEncoder(noLiteralPlus).command(ALLOC, append, Optional.of(streamed))))
                .containsExactly("a1 APPEND \"INBOX.Sent\" (UTF8 ({5000}\r\n");
    }

    @Test
    void refusesAReplacementThatLosesOrMovesTheStreamedLiteral() {
        LiteralMark streamed = new LiteralMark(0, 0, 0, 5000, false, false);
        ImapEncoder encoder = new ImapEncoder(noLiteralPlus);
        assertThatThrownBy(() -> encoder.command(ALLOC, command("APPEND", ImapArg.atom("INBOX")), Optional.of(streamed)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encoder.command(ALLOC, command("APPEND", new ImapArg.Streamed(5000, false),
                ImapArg.atom("INBOX")), Optional.of(streamed))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encoder.command(ALLOC, command("APPEND", new ImapArg.Streamed(4999, false)),
                Optional.of(streamed))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesWhatCouldSplitOrInjectALine() {
        ImapEncoder encoder = new ImapEncoder(noLiteralPlus);
        for (String atom : List.of("a\r\nb", "a b", "a(b", "a\"b", "[unclosed", "{5}")) {
            assertThatThrownBy(() -> encoder.command(ALLOC, command("SELECT", ImapArg.atom(atom)), Optional.empty()))
                    .as(atom).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> encoder.command(ALLOC, new ImapCommand("a 1", "NOOP", List.of()), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encoder.response(ALLOC, ImapResponse.Tagged.no("a1", "no\r\na2 OK"), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(texts(encoder.command(ALLOC, command("FETCH", ImapArg.atom("BODY[HEADER.FIELDS (TO \"X\")]")),
                Optional.empty()))).containsExactly("a1 FETCH BODY[HEADER.FIELDS (TO \"X\")]\r\n");
    }

    @Test
    void writesEveryKindOfResponse() {
        ImapEncoder encoder = new ImapEncoder(noLiteralPlus);
        assertThat(text(encoder.response(ALLOC, new ImapResponse.Tagged("a1", "OK", Optional.of("READ-WRITE"), "done"),
                Optional.empty()))).isEqualTo("a1 OK [READ-WRITE] done\r\n");
        assertThat(text(encoder.response(ALLOC, new ImapResponse.Status("BYE", Optional.empty(), ""), Optional.empty())))
                .isEqualTo("* BYE\r\n");
        assertThat(text(encoder.response(ALLOC, new ImapResponse.Continuation(""), Optional.empty()))).isEqualTo("+ \r\n");
        assertThat(text(encoder.response(ALLOC, new ImapResponse.Data(List.of(ImapArg.atom("1"), ImapArg.atom("FETCH"),
                ImapArg.list(ImapArg.atom("BODY[]"), ImapArg.Literal.of("hi\r\n")))), Optional.empty())))
                .isEqualTo("* 1 FETCH (BODY[] {4}\r\nhi\r\n)\r\n");
        LiteralMark streamed = new LiteralMark(0, 0, 0, 9000, true, false);
        assertThat(text(encoder.response(ALLOC, new ImapResponse.Data(List.of(ImapArg.atom("1"), ImapArg.atom("FETCH"),
                ImapArg.list(ImapArg.atom("BINARY[]"), new ImapArg.Streamed(9000, true)))), Optional.of(streamed))))
                .isEqualTo("* 1 FETCH (BINARY[] ~{9000}\r\n");
    }
}
