package io.postern.imap.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.relay.FilterChain;
import io.postern.relay.FilterFailure;
import io.postern.spi.CloseReason;
import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.filter.ResponseVerdict;
import io.postern.spi.imap.ImapArg;
import io.postern.spi.imap.ImapCommand;
import io.postern.spi.imap.ImapResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the relay does with each verdict, byte for byte: replacements encoded, answers, drops, closes. */
class FilterVerdictsTest {

    /** Maps the client's {@code Sent} to the server's {@code INBOX.Sent} in the first argument. */
    private static CommandVerdict<ImapCommand, ImapResponse> sentToInboxSent(ImapCommand command) {
        if (command.args().isEmpty() || !command.args().get(0).string().orElse("").equals("Sent")) {
            return CommandVerdict.pass();
        }
        List<ImapArg> args = new ArrayList<>(command.args());
        args.set(0, ImapArg.quoted("INBOX.Sent"));
        return CommandVerdict.replace(command.withArgs(args));
    }

    @Test
    void sendsAReplacedCommandEncoded() {
        try (RelayHarness relay = new RelayHarness(new RecordingFilter().commands(FilterVerdictsTest::sentToInboxSent))) {
            relay.fromClient("a1 SELECT Sent\r\na2 STATUS {4}\r\nSent (MESSAGES)\r\n");
            assertThat(relay.toUpstream()).isEqualTo("a1 SELECT \"INBOX.Sent\"\r\na2 STATUS \"INBOX.Sent\" (MESSAGES)\r\n");
        }
    }

    @Test
    void writesAReplacedStringWithALineBreakAsALiteralAbsorbingTheContinuation() {
        RecordingFilter filter = new RecordingFilter().commands(c -> CommandVerdict.replace(
                c.withArgs(List.of(ImapArg.quoted("two\r\nlines"), ImapArg.quoted("Entw\u00fcrfe")))));
        try (RelayHarness relay = new RelayHarness(filter)) {
            relay.fromClient("a1 RENAME a b\r\n");
            assertThat(relay.toUpstream()).isEqualTo("a1 RENAME {10}\r\n");
            relay.fromServer("+ ok\r\n");
            assertThat(relay.toUpstream()).isEqualTo("two\r\nlines {9}\r\n");
            relay.fromServer("+ ok\r\n");
            assertThat(relay.toUpstream()).isEqualTo("Entw\u00c3\u00bcrfe\r\n");
            assertThat(relay.toClient()).isEmpty();
        }
    }

    @Test
    void quotesUtf8InAReplacementOnceTheSessionEnabledUtf8Accept() {
        RecordingFilter filter = new RecordingFilter().commands(c -> c.verb().equals("SELECT")
                ? CommandVerdict.replace(c.withArgs(List.of(ImapArg.quoted("Entw\u00fcrfe")))) : CommandVerdict.pass());
        try (RelayHarness relay = new RelayHarness(filter)) {
            relay.fromClient("a1 ENABLE UTF8=ACCEPT\r\n");
            relay.fromServer("* ENABLED UTF8=ACCEPT\r\na1 OK enabled\r\n");
            relay.fromClient("a2 SELECT x\r\n");
            assertThat(relay.toUpstream()).isEqualTo("a1 ENABLE UTF8=ACCEPT\r\na2 SELECT \"Entw\u00c3\u00bcrfe\"\r\n");
        }
    }

    @Test
    void writesReplacedLiteralsNonSynchronizingToAnUpstreamWithLiteralPlus() {
        RecordingFilter filter = new RecordingFilter().commands(c -> CommandVerdict.replace(
                c.withArgs(List.of(ImapArg.quoted("two\r\nlines")))));
        try (RelayHarness relay = new RelayHarness(16, "* CAPABILITY IMAP4rev1 LITERAL+", filter)) {
            relay.fromClient("a1 CREATE a\r\n");
            assertThat(relay.toUpstream()).isEqualTo("a1 CREATE {10+}\r\ntwo\r\nlines\r\n");
        }
    }

    @Test
    void keepsAStreamedLiteralLastInAReplacedCommand() {
        RecordingFilter filter = new RecordingFilter().commands(c -> {
            List<ImapArg> args = new ArrayList<>(c.args());
            args.set(0, ImapArg.quoted("INBOX.Sent"));
            return CommandVerdict.replace(c.withArgs(args));
        });
        try (RelayHarness relay = new RelayHarness(filter)) {
            relay.fromClient("a1 APPEND Sent (\\Seen) {20}\r\n");
            assertThat(relay.toUpstream()).isEqualTo("a1 APPEND \"INBOX.Sent\" (\\Seen) {20}\r\n");
            relay.fromServer("+ go\r\n");
            assertThat(relay.toClient()).isEqualTo("+ go\r\n");
            relay.fromClient("x".repeat(20) + "\r\n");
            assertThat(relay.toUpstream()).isEqualTo("x".repeat(20) + "\r\n");
        }
    }

    @Test
    void endsTheSessionWhenAReplacementCouldInjectALine() {
        RecordingFilter filter = new RecordingFilter().commands(c -> CommandVerdict.replace(
                c.withArgs(List.of(ImapArg.atom("x\r\nA2 DELETE INBOX")))));
        try (RelayHarness relay = new RelayHarness(filter)) {
            relay.fromClient("a1 SELECT Sent\r\n");
            assertThat(relay.toUpstream()).isEmpty();
            assertThat(relay.toClient()).isEqualTo("* BYE " + FilterFailure.GOODBYE + "\r\n");
            assertThat(relay.closeReason()).contains(CloseReason.INTERNAL_ERROR);
            assertThat(filter.closed).isEqualTo(1);
        }
    }

    @Test
    void sendsAReplacedResponseEncodedAndDropsUntaggedOnes() {
        RecordingFilter filter = new RecordingFilter().responses(r -> {
            if (r instanceof ImapResponse.Data data && data.name().equals("LIST")) {
                List<ImapArg> args = new ArrayList<>(data.args());
                String name = args.get(3).string().orElseThrow();
                if (name.equals("Hidden")) {
                    return ResponseVerdict.drop();
                }
                args.set(3, ImapArg.quoted(name.replace("INBOX.", "")));
                return ResponseVerdict.replace(new ImapResponse.Data(args));
            }
            return ResponseVerdict.pass();
        });
        try (RelayHarness relay = new RelayHarness(filter)) {
            relay.fromServer("* LIST (\\HasNoChildren) \".\" INBOX.Sent\r\n* LIST () \".\" Hidden\r\na1 OK LIST done\r\n");
            assertThat(relay.toClient()).isEqualTo("* LIST (\\HasNoChildren) \".\" \"Sent\"\r\na1 OK LIST done\r\n");
        }
    }

    @Test
    void dropsTheRestOfAStreamedResponseItDrops() {
        RecordingFilter filter = new RecordingFilter().responses(r -> r instanceof ImapResponse.Data
                ? ResponseVerdict.drop() : ResponseVerdict.pass());
        try (RelayHarness relay = new RelayHarness(filter)) {
            relay.fromServer("* 1 FETCH (BODY[] {20}\r\n" + "y".repeat(20) + " FLAGS (\\Seen))\r\na1 OK done\r\n");
            assertThat(relay.toClient()).isEqualTo("a1 OK done\r\n");
        }
    }

    @Test
    void endsTheSessionWhenAFilterDropsATaggedReply() {
        RecordingFilter filter = new RecordingFilter().responses(r -> ResponseVerdict.drop());
        try (RelayHarness relay = new RelayHarness(filter)) {
            relay.fromClient("a1 NOOP\r\n");
            relay.fromServer("a1 OK done\r\n");
            assertThat(relay.toClient()).isEqualTo("* BYE " + FilterFailure.GOODBYE + "\r\n");
            assertThat(relay.closeReason()).contains(CloseReason.INTERNAL_ERROR);
        }
    }

    @Test
    void endsTheSessionWithTheFiltersMessageOnClose() {
        RecordingFilter filter = new RecordingFilter().commands(c -> CommandVerdict.close("Too many EXPUNGEs"));
        try (RelayHarness relay = new RelayHarness(filter)) {
            relay.fromClient("a1 EXPUNGE\r\n");
            assertThat(relay.toClient()).isEqualTo("* BYE Too many EXPUNGEs\r\n");
            assertThat(relay.toUpstream()).isEmpty();
            assertThat(relay.closeReason()).contains(CloseReason.PROTOCOL_ERROR);
            assertThat(relay.client.isOpen()).isFalse();
            assertThat(relay.upstream.isOpen()).isFalse();
        }
    }

    @Test
    void endsTheSessionWithInternalErrorWhenAFilterThrows() {
        RecordingFilter filter = new RecordingFilter().commands(c -> {
            throw new IllegalStateException("boom");
        });
        try (RelayHarness relay = new RelayHarness(filter)) {
            relay.fromClient("a1 NOOP\r\n");
            assertThat(relay.toClient()).isEqualTo("* BYE " + FilterFailure.GOODBYE + "\r\n");
            assertThat(relay.closeReason()).contains(CloseReason.INTERNAL_ERROR);
        }
    }

    @Test
    void givesFiltersTheClosingOnceWhenEitherSideCloses() {
        RecordingFilter filter = new RecordingFilter();
        try (RelayHarness relay = new RelayHarness(filter)) {
            relay.fromClient("a1 LOGOUT\r\n");
            relay.fromServer("* BYE logging out\r\na1 OK LOGOUT completed\r\n");
            relay.upstream.close();
            assertThat(relay.toClient()).isEqualTo("* BYE logging out\r\na1 OK LOGOUT completed\r\n");
            assertThat(relay.closeReason()).contains(CloseReason.CLIENT_QUIT);
            assertThat(relay.client.isOpen()).isFalse();
            assertThat(filter.closed).isEqualTo(1);
        }
    }

    @Test
    void answersWithSeveralResponsesInOrder() {
        RecordingFilter filter = new RecordingFilter().commands(c -> CommandVerdict.answer(
                new ImapResponse.Data(List.of(ImapArg.atom("ID"), ImapArg.atom("NIL"))),
                new ImapResponse.Tagged(c.tag(), "OK", Optional.empty(), "ID completed")));
        try (RelayHarness relay = new RelayHarness(filter)) {
            relay.fromClient("a1 ID NIL\r\n");
            assertThat(relay.toClient()).isEqualTo("* ID NIL\r\na1 OK ID completed\r\n");
        }
    }
}
