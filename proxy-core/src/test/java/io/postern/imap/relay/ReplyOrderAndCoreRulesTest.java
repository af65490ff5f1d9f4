package io.postern.imap.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.CloseReason;
import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.imap.ImapArg;
import io.postern.spi.imap.ImapCommand;
import io.postern.spi.imap.ImapResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the core decides around the filters: the order of Postern's own answers among the
 * server's replies, commands never forwarded ({@code STARTTLS}, {@code COMPRESS}, invalid ones),
 * capability lists without {@code COMPRESS=DEFLATE}, continuation lines relayed unseen.
 */
class ReplyOrderAndCoreRulesTest {

    private static RecordingFilter denyingDeleteOfInbox() {
        return new RecordingFilter().commands(c -> c.verb().equals("DELETE")
                && c.args().get(0).string().orElse("").equalsIgnoreCase("INBOX")
                ? CommandVerdict.answer(ImapResponse.Tagged.no(c.tag(), "INBOX cannot be deleted"))
                : CommandVerdict.pass());
    }

    @Test
    void answersACommandAfterTheRepliesOfTheCommandsForwardedBeforeIt() {
        try (RelayHarness relay = new RelayHarness(denyingDeleteOfInbox())) {
            relay.fromClient("a1 NOOP\r\na2 DELETE INBOX\r\na3 NOOP\r\n");
            assertThat(relay.toUpstream()).isEqualTo("a1 NOOP\r\na3 NOOP\r\n");
            assertThat(relay.toClient()).isEmpty();
            relay.fromServer("* 2 EXISTS\r\na1 OK NOOP completed\r\n");
            assertThat(relay.toClient()).isEqualTo("* 2 EXISTS\r\na1 OK NOOP completed\r\na2 NO INBOX cannot be deleted\r\n");
            relay.fromServer("a3 OK NOOP completed\r\n");
            assertThat(relay.toClient()).isEqualTo("a3 OK NOOP completed\r\n");
        }
    }

    @Test
    void waitsForEveryEarlierCommandWhenTheServerCompletesThemOutOfOrder() {
        try (RelayHarness relay = new RelayHarness(denyingDeleteOfInbox())) {
            relay.fromClient("a1 NOOP\r\na2 NOOP\r\na3 DELETE inbox\r\n");
            relay.fromServer("a2 OK second\r\n");
            assertThat(relay.toClient()).isEqualTo("a2 OK second\r\n");
            relay.fromServer("a1 OK first\r\n");
            assertThat(relay.toClient()).isEqualTo("a1 OK first\r\na3 NO INBOX cannot be deleted\r\n");
        }
    }

    @Test
    void answersAtOnceWhenNothingIsOutstanding() {
        try (RelayHarness relay = new RelayHarness(denyingDeleteOfInbox())) {
            relay.fromClient("a1 DELETE INBOX\r\n");
            assertThat(relay.toClient()).isEqualTo("a1 NO INBOX cannot be deleted\r\n");
            assertThat(relay.toUpstream()).isEmpty();
        }
    }

    @Test
    void refusesStartTlsAndCompressWithoutForwardingThem() {
        RecordingFilter filter = new RecordingFilter();
        try (RelayHarness relay = new RelayHarness(filter)) {
            relay.fromClient("a1 STARTTLS\r\na2 COMPRESS DEFLATE\r\na3 NOOP\r\n");
            assertThat(relay.toUpstream()).isEqualTo("a3 NOOP\r\n");
            relay.fromServer("a3 OK done\r\n");
            assertThat(relay.toClient()).isEqualTo("a1 BAD STARTTLS is not allowed after login\r\n"
                    + "a2 NO COMPRESS is not available through this proxy\r\na3 OK done\r\n");
            assertThat(filter.verbs()).containsExactly("NOOP");
        }
    }

    @Test
    void removesCompressDeflateFromEveryCapabilityListBeforeFiltersSeeIt() {
        RecordingFilter filter = new RecordingFilter();
        try (RelayHarness relay = new RelayHarness(filter)) {
            relay.fromServer("* CAPABILITY IMAP4rev1 COMPRESS=DEFLATE IDLE\r\n"
                    + "* OK [CAPABILITY IMAP4rev1 compress=deflate] still here\r\n"
                    + "a1 OK [CAPABILITY IMAP4rev1 COMPRESS=DEFLATE LITERAL+] done\r\n"
                    + "* CAPABILITY IMAP4rev1 IDLE\r\n");
            assertThat(relay.toClient()).isEqualTo("* CAPABILITY IMAP4rev1 IDLE\r\n"
                    + "* OK [CAPABILITY IMAP4rev1] still here\r\n"
                    + "a1 OK [CAPABILITY IMAP4rev1 LITERAL+] done\r\n"
                    + "* CAPABILITY IMAP4rev1 IDLE\r\n");
            assertThat(filter.responses).allSatisfy(r -> assertThat(r.capabilities().orElseThrow())
                    .doesNotContain("COMPRESS=DEFLATE", "compress=deflate"));
        }
    }

    @Test
    void relaysTheLineAfterAServersContinuationRequestUnseen() {
        RecordingFilter filter = new RecordingFilter();
        try (RelayHarness relay = new RelayHarness(filter)) {
            relay.fromClient("a7 IDLE\r\n");
            relay.fromServer("+ idling\r\n");
            relay.fromServer("* 4 EXISTS\r\n");
            assertThat(relay.toClient()).isEqualTo("+ idling\r\n* 4 EXISTS\r\n");
            relay.fromClient("DONE\r\n");
            relay.fromServer("a7 OK IDLE terminated\r\n");
            assertThat(relay.toUpstream()).isEqualTo("a7 IDLE\r\nDONE\r\n");
            assertThat(relay.toClient()).isEqualTo("a7 OK IDLE terminated\r\n");
            assertThat(filter.verbs()).containsExactly("IDLE");
            assertThat(filter.responses).hasSize(3);
        }
    }

    @Test
    void relaysEachLineOfAnAuthenticateExchangeUnseen() {
        RecordingFilter filter = new RecordingFilter();
        try (RelayHarness relay = new RelayHarness(filter)) {
            relay.fromClient("a8 AUTHENTICATE LOGIN\r\n");
            relay.fromServer("+ VXNlcm5hbWU6\r\n");
            relay.fromClient("Ym9i\r\n");
            relay.fromServer("+ UGFzc3dvcmQ6\r\n");
            relay.fromClient("c2VjcmV0\r\n");
            assertThat(relay.toUpstream()).isEqualTo("a8 AUTHENTICATE LOGIN\r\nYm9i\r\nc2VjcmV0\r\n");
            assertThat(filter.verbs()).containsExactly("AUTHENTICATE");
        }
    }

    @Test
    void answersAnInvalidCommandInOrderWithoutForwardingIt() {
        RecordingFilter filter = new RecordingFilter();
        try (RelayHarness relay = new RelayHarness(filter)) {
            relay.fromClient("a1 NOOP\r\na2 FETCH 1 (FLAGS\r\n");
            assertThat(relay.toUpstream()).isEqualTo("a1 NOOP\r\n");
            relay.fromServer("a1 OK done\r\n");
            assertThat(relay.toClient()).isEqualTo("a1 OK done\r\na2 BAD Invalid command: unclosed list\r\n");
            assertThat(filter.verbs()).containsExactly("NOOP");
        }
    }

    @Test
    void endsTheSessionAfterAnInvalidCommandEndingWithANonSynchronizingLiteral() {
        try (RelayHarness relay = new RelayHarness(new RecordingFilter())) {
            relay.fromClient("a1 FETCH ) {5+}\r\na2 NOOP\r\n");
            assertThat(relay.toClient()).isEqualTo("* BYE Invalid command\r\n");
            assertThat(relay.toUpstream()).isEmpty();
            assertThat(relay.closeReason()).contains(CloseReason.PROTOCOL_ERROR);
            assertThat(relay.client.isOpen()).isFalse();
            assertThat(relay.upstream.isOpen()).isFalse();
        }
    }

    @Test
    void givesFiltersUidCommandsByTheirFullName() {
        RecordingFilter filter = new RecordingFilter();
        try (RelayHarness relay = new RelayHarness(filter)) {
            relay.fromClient("a1 UID MOVE 1:3 Archive\r\n");
            assertThat(filter.commands).containsExactly(
                    new ImapCommand("a1", "UID MOVE", List.of(ImapArg.atom("1:3"), ImapArg.atom("Archive"))));
        }
    }
}
