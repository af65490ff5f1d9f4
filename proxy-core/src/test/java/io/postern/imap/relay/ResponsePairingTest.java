package io.postern.imap.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.filter.ResponseVerdict;
import io.postern.spi.imap.ImapCommand;
import io.postern.spi.imap.ImapFilter;
import io.postern.spi.imap.ImapResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each IMAP response reaches the filters with the command it answers (SPI 1.4). */
class ResponsePairingTest {

    /** Writes down "tag verb -> kind of response" pairs. */
    static final class Pairs implements ImapFilter {
        final List<String> pairs = new ArrayList<>();

        @Override
        public ResponseVerdict<ImapResponse> onResponse(ImapCommand command, ImapResponse response) {
            String kind = response instanceof ImapResponse.Tagged tagged ? tagged.tag() + " " + tagged.status()
                    : response instanceof ImapResponse.Continuation ? "+" : "*";
            pairs.add((command == null ? "none" : command.tag() + " " + command.verb()) + " -> " + kind);
            return ResponseVerdict.pass();
        }
    }

    @Test
    void taggedRepliesPairByTagAndUntaggedOnesWithTheOldestCommandWaiting() {
        Pairs audit = new Pairs();
        try (RelayHarness relay = new RelayHarness(audit)) {
            relay.fromClient("a1 NOOP\r\na2 STATUS INBOX (MESSAGES)\r\na3 FETCH 1 FLAGS\r\n")
                    .fromServer("* 1 EXISTS\r\na2 OK done\r\n* STATUS INBOX (MESSAGES 1)\r\n* 1 FETCH (FLAGS ())\r\n"
                            + "a3 OK done\r\na1 OK done\r\n* BYE idle\r\n");
            assertThat(audit.pairs).containsExactly("a1 NOOP -> *", "a2 STATUS -> a2 OK", "a1 NOOP -> *",
                    "a1 NOOP -> *", "a3 FETCH -> a3 OK", "a1 NOOP -> a1 OK", "none -> *");
        }
    }

    @Test
    void aContinuationPairsWithTheCommandWaitingForIt() {
        Pairs audit = new Pairs();
        try (RelayHarness relay = new RelayHarness(audit)) {
            relay.fromClient("a1 IDLE\r\n").fromServer("+ idling\r\n");
            relay.fromClient("DONE\r\n").fromServer("a1 OK done\r\n");
            assertThat(audit.pairs).containsExactly("a1 IDLE -> +", "a1 IDLE -> a1 OK");
        }
    }

    @Test
    void aFiltersAnswerIsSeenByTheFiltersBeforeItPairedWithTheCommand() {
        Pairs audit = new Pairs();
        Pairs inner = new Pairs();
        ImapFilter noDelete = new ImapFilter() {
            @Override
            public CommandVerdict<ImapCommand, ImapResponse> onCommand(ImapCommand command) {
                return command.verb().equals("DELETE")
                        ? CommandVerdict.answer(ImapResponse.Tagged.no(command.tag(), "not allowed"))
                        : CommandVerdict.pass();
            }
        };
        try (RelayHarness relay = new RelayHarness(audit, noDelete, inner)) {
            relay.fromClient("a1 DELETE Trash\r\na2 NOOP\r\n").fromServer("a2 OK done\r\n");
            assertThat(relay.toClient()).isEqualTo("a1 NO not allowed\r\na2 OK done\r\n");
            assertThat(audit.pairs).containsExactly("a1 DELETE -> a1 NO", "a2 NOOP -> a2 OK");
            assertThat(inner.pairs).containsExactly("a2 NOOP -> a2 OK");
        }
    }
}
