package io.postern.pop3.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.filter.ResponseVerdict;
import io.postern.spi.pop3.Pop3Command;
import io.postern.spi.pop3.Pop3Filter;
import io.postern.spi.pop3.Pop3Response;
import io.postern.testing.FramedRelayHarness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each POP3 answer reaches the filters with the command it answers (SPI 1.4). */
class Pop3ResponsePairingTest {

    /** Writes down "command -> answer" pairs. */
    static final class Pairs implements Pop3Filter {
        final List<String> pairs = new ArrayList<>();

        @Override
        public ResponseVerdict<Pop3Response> onResponse(Pop3Command command, Pop3Response response) {
            pairs.add((command == null ? "none" : command.verb() + String.join("", command.args().stream()
                    .map(a -> " " + a).toList())) + " -> " + (response.ok() ? "+OK " : "-ERR ") + response.text());
            return ResponseVerdict.pass();
        }
    }

    @Test
    void pipelinedAnswersArePairedInOrderAndAfterAStreamedBody() {
        Pairs audit = new Pairs();
        try (FramedRelayHarness relay = Pop3Relays.relay(audit)) {
            relay.fromClient("STAT\r\nRETR 1\r\nDELE 1\r\nNOOP\r\n")
                    .fromServer("+OK 1 10\r\n+OK 10 octets\r\nbody\r\n.\r\n-ERR locked\r\n+OK\r\n");
            assertThat(audit.pairs).containsExactly("STAT -> +OK 1 10", "RETR 1 -> +OK 10 octets",
                    "DELE 1 -> -ERR locked", "NOOP -> +OK ");
        }
    }

    @Test
    void aRefusedCommandIsSeenByAnEarlierFilterWithItsOwnAnswer() {
        Pairs audit = new Pairs();
        Pop3Filter noDelete = new Pop3Filter() {
            @Override
            public CommandVerdict<Pop3Command, Pop3Response> onCommand(Pop3Command command) {
                return command.verb().equals("DELE") ? CommandVerdict.answer(Pop3Response.err("deleting is not allowed"))
                        : CommandVerdict.pass();
            }
        };
        try (FramedRelayHarness relay = Pop3Relays.relay(audit, noDelete)) {
            relay.fromClient("DELE 1\r\nNOOP\r\n").fromServer("+OK\r\n");
            assertThat(relay.toClient()).isEqualTo("-ERR deleting is not allowed\r\n+OK\r\n");
            assertThat(audit.pairs).containsExactly("DELE 1 -> -ERR deleting is not allowed", "NOOP -> +OK ");
        }
    }

    @Test
    void anInnerFilterSeesTheCommandAsReplacedAndTheOuterOneTheClients() {
        Pairs outer = new Pairs();
        Pairs inner = new Pairs();
        Pop3Filter topInsteadOfRetr = new Pop3Filter() {
            @Override
            public CommandVerdict<Pop3Command, Pop3Response> onCommand(Pop3Command command) {
                return command.verb().equals("RETR")
                        ? CommandVerdict.replace(new Pop3Command("TOP", List.of(command.args().get(0), "0")))
                        : CommandVerdict.pass();
            }
        };
        try (FramedRelayHarness relay = Pop3Relays.relay(outer, topInsteadOfRetr, inner)) {
            relay.fromClient("RETR 2\r\n").fromServer("+OK\r\nSubject: x\r\n.\r\n");
            assertThat(relay.toServer()).isEqualTo("TOP 2 0\r\n");
            assertThat(inner.pairs).containsExactly("TOP 2 0 -> +OK ");
            assertThat(outer.pairs).containsExactly("RETR 2 -> +OK ");
        }
    }
}
