package io.postern.pop3.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.CloseReason;
import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.filter.ResponseVerdict;
import io.postern.spi.pop3.Pop3Command;
import io.postern.spi.pop3.Pop3Filter;
import io.postern.spi.pop3.Pop3Response;
import io.postern.testing.ByteSplits;
import io.postern.testing.FramedRelayHarness;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * The POP3 framed relay between embedded channels: answers paired with pipelined commands and
 * framed by command, dot-stuffing, the relay's own refusals and filters' verdicts. Each
 * framing case is fed whole, one byte at a time and split in two at every boundary.
 */
class Pop3RelayFramingTest {

    private static final String COMMANDS = "STAT\r\nLIST\r\nRETR 1\r\nLIST 2\r\nUIDL\r\nTOP 1 0\r\nCAPA\r\n"
            + "RETR 9\r\nDELE 1\r\nNOOP\r\n";

    /** Body lines ".leading dot", "..", "." and "x" arrive stuffed. */
    private static final String RETR_BODY = "Subject: dots\r\n\r\n..leading dot\r\n...\r\n..\r\nx\r\n";

    private static final String ANSWERS = "+OK 2 320\r\n"
            + "+OK 2 messages\r\n1 120\r\n2 200\r\n.\r\n"
            + "+OK 120 octets\r\n" + RETR_BODY + ".\r\n"
            + "+OK 2 200\r\n"
            + "+OK\r\n1 uid-a\r\n2 uid-b\r\n.\r\n"
            + "+OK top of message follows\r\nSubject: dots\r\n\r\n.\r\n"
            + "+OK Capability list follows\r\nTOP\r\nUIDL\r\nPIPELINING\r\n.\r\n"
            + "-ERR no such message\r\n"
            + "+OK message 1 deleted\r\n"
            + "+OK\r\n";

    private static final List<String> SEEN = List.of(
            "C: STAT", "C: LIST", "C: RETR 1", "C: LIST 2", "C: UIDL", "C: TOP 1 0", "C: CAPA", "C: RETR 9",
            "C: DELE 1", "C: NOOP",
            "S: +OK 2 320 NONE",
            "S: +OK 2 messages LINES [1 120, 2 200]",
            "S: +OK 120 octets STREAMED",
            "S: +OK 2 200 NONE",
            "S: +OK  LINES [1 uid-a, 2 uid-b]",
            "S: +OK top of message follows STREAMED",
            "S: +OK Capability list follows LINES [TOP, UIDL, PIPELINING]",
            "S: -ERR no such message NONE",
            "S: +OK message 1 deleted NONE",
            "S: +OK  NONE");

    /** Runs {@code check} for the input fed every way ({@link ByteSplits#many}). */
    private static void everyWay(String input, BiConsumer<ByteSplits.Chunking, String> check) {
        for (ByteSplits.Chunking chunking : ByteSplits.many(input.getBytes(StandardCharsets.UTF_8), 40)) {
            check.accept(chunking, chunking.description());
        }
    }

    @Test
    void pairsPipelinedCommandsWithAnswersFramedByCommandWhateverTheReads() {
        everyWay(ANSWERS, (chunking, how) -> {
            Pop3Relays.Recorder recorder = new Pop3Relays.Recorder();
            try (FramedRelayHarness relay = Pop3Relays.relay(recorder)) {
                relay.fromClient(COMMANDS);
                assertThat(relay.toServer()).as(how).isEqualTo(COMMANDS);
                relay.fromServer(chunking);
                assertThat(relay.toClient()).as(how).isEqualTo(ANSWERS);
                assertThat(recorder.seen).as(how).containsExactlyElementsOf(SEEN);
                // The filters see RETR's and TOP's bodies with their stuffing, without the terminator.
                assertThat(recorder.streamed.toString(StandardCharsets.UTF_8)).as(how)
                        .isEqualTo(RETR_BODY + "Subject: dots\r\n\r\n");
            }
        });
    }

    @Test
    void framesCommandsWhateverTheReads() {
        everyWay(COMMANDS, (chunking, how) -> {
            Pop3Relays.Recorder recorder = new Pop3Relays.Recorder();
            try (FramedRelayHarness relay = Pop3Relays.relay(recorder)) {
                relay.fromClient(chunking);
                relay.fromServer(ANSWERS);
                assertThat(relay.toServer()).as(how).isEqualTo(COMMANDS);
                assertThat(relay.toClient()).as(how).isEqualTo(ANSWERS);
            }
        });
    }

    @Test
    void findsATerminatorCutAnywhereAndNoEarlierOne() {
        // Lines that look like the end but are not: "..", ". ", ".x", a dot after a bare LF or CR.
        String body = "a\r\n..\r\n. \r\n.x\r\nb\n.\nc\r.\rd\r\n\r\n..\r\n";
        String answers = "+OK\r\n" + body + ".\r\n+OK done\r\n";
        everyWay(answers, (chunking, how) -> {
            Pop3Relays.Recorder recorder = new Pop3Relays.Recorder();
            try (FramedRelayHarness relay = Pop3Relays.relay(recorder)) {
                relay.fromClient("RETR 1\r\nNOOP\r\n").fromServer(chunking);
                assertThat(relay.toClient()).as(how).isEqualTo(answers);
                assertThat(recorder.streamed.toString(StandardCharsets.UTF_8)).as(how).isEqualTo(body);
                assertThat(recorder.seen).as(how).endsWith("S: +OK  STREAMED", "S: +OK done NONE");
            }
        });
    }

    @Test
    void undoesDotStuffingForFiltersAndRedoesItInAReplacement() {
        String answers = "+OK\r\n1 ..one\r\n..dotted\r\n.\r\n";
        Pop3Filter replacing = new Pop3Filter() {
            @Override
            public ResponseVerdict<Pop3Response> onResponse(Pop3Response response) {
                return ResponseVerdict.replace(response.withLines(List.of(".a", "..b", "c")));
            }
        };
        everyWay(answers, (chunking, how) -> {
            Pop3Relays.Recorder recorder = new Pop3Relays.Recorder();
            // The recorder is nearer the server: responses reach it before the replacing filter.
            try (FramedRelayHarness relay = Pop3Relays.relay(replacing, recorder)) {
                relay.fromClient("UIDL\r\n").fromServer(chunking);
                assertThat(recorder.seen).as(how).containsExactly("C: UIDL", "S: +OK  LINES [1 ..one, .dotted]");
                assertThat(relay.toClient()).as(how).isEqualTo("+OK\r\n..a\r\n...b\r\nc\r\n.\r\n");
            }
        });
    }

    @Test
    void anErrToAMultiLineCommandIsOneLine() {
        Pop3Relays.Recorder recorder = new Pop3Relays.Recorder();
        try (FramedRelayHarness relay = Pop3Relays.relay(recorder)) {
            relay.fromClient("RETR 7\r\nLIST\r\nCAPA\r\n")
                    .fromServer("-ERR no such message\r\n-ERR busy\r\n+OK\r\nUSER\r\n.\r\n");
            assertThat(relay.toClient()).isEqualTo("-ERR no such message\r\n-ERR busy\r\n+OK\r\nUSER\r\n.\r\n");
            assertThat(recorder.seen).endsWith("S: -ERR no such message NONE", "S: -ERR busy NONE",
                    "S: +OK  LINES [USER]");
        }
    }

    @Test
    void refusesStlsAfterLoginInTurnAndNeverForwardsIt() {
        Pop3Relays.Recorder recorder = new Pop3Relays.Recorder();
        try (FramedRelayHarness relay = Pop3Relays.relay(recorder)) {
            relay.fromClient("NOOP\r\nSTLS\r\nNOOP\r\n");
            assertThat(relay.toServer()).isEqualTo("NOOP\r\nNOOP\r\n");
            assertThat(relay.toClient()).isEmpty(); // the refusal waits for the first NOOP's answer
            relay.fromServer("+OK one\r\n+OK two\r\n");
            assertThat(relay.toClient()).isEqualTo("+OK one\r\n-ERR STLS not allowed after login\r\n+OK two\r\n");
            assertThat(recorder.seen).doesNotContain("C: STLS");
        }
    }

    @Test
    void takesStlsOutOfCapaAnswers() {
        Pop3Relays.Recorder recorder = new Pop3Relays.Recorder();
        try (FramedRelayHarness relay = Pop3Relays.relay(recorder)) {
            relay.fromClient("CAPA\r\n").fromServer("+OK\r\nTOP\r\nSTLS\r\nUIDL\r\n.\r\n");
            assertThat(relay.toClient()).isEqualTo("+OK\r\nTOP\r\nUIDL\r\n.\r\n");
            assertThat(recorder.seen).containsExactly("C: CAPA", "S: +OK  LINES [TOP, UIDL]");
        }
    }

    @Test
    void refusesAuthAndUnknownCommandsWhoseAnswersItCannotFrame() {
        try (FramedRelayHarness relay = Pop3Relays.relay(new Pop3Relays.Recorder())) {
            relay.fromClient("AUTH PLAIN\r\nXTND XMIT\r\n\r\n");
            assertThat(relay.toServer()).isEmpty();
            assertThat(relay.toClient()).isEqualTo("-ERR Already authenticated\r\n-ERR Unknown command\r\n"
                    + "-ERR Unknown command\r\n");
        }
    }

    @Test
    void aFiltersAnswerToADeleGoesToTheClientInOrder() {
        Pop3Filter denyDele = Pop3Relays.answering(c -> c.verb().equals("DELE")
                ? Pop3Response.err("Deleting is not allowed here") : null);
        try (FramedRelayHarness relay = Pop3Relays.relay(denyDele)) {
            relay.fromClient("STAT\r\nDELE 1\r\nRETR 1\r\nDELE 2\r\n");
            assertThat(relay.toServer()).isEqualTo("STAT\r\nRETR 1\r\n");
            relay.fromServer("+OK 1 10\r\n+OK\r\nhello\r\n.\r\n");
            assertThat(relay.toClient()).isEqualTo("+OK 1 10\r\n-ERR Deleting is not allowed here\r\n"
                    + "+OK\r\nhello\r\n.\r\n-ERR Deleting is not allowed here\r\n");
        }
    }

    @Test
    void aFiltersOkAnswerToAMultiLineCommandCarriesABlock() {
        Pop3Filter answerList = Pop3Relays.answering(c -> c.verb().equals("LIST")
                ? new Pop3Response(true, "1 messages", Pop3Response.Body.LINES, List.of("1 10", ".hidden")) : null);
        try (FramedRelayHarness relay = Pop3Relays.relay(answerList)) {
            relay.fromClient("LIST\r\n");
            assertThat(relay.toClient()).isEqualTo("+OK 1 messages\r\n1 10\r\n..hidden\r\n.\r\n");
        }
    }

    @Test
    void aReplacedCommandGoesUpstreamAsTheFilterWroteIt() {
        Pop3Filter renumber = new Pop3Filter() {
            @Override
            public CommandVerdict<Pop3Command, Pop3Response> onCommand(Pop3Command command) {
                return command.verb().equals("RETR")
                        ? CommandVerdict.replace(new Pop3Command("TOP", List.of(command.args().get(0), "0")))
                        : CommandVerdict.pass();
            }
        };
        try (FramedRelayHarness relay = Pop3Relays.relay(renumber)) {
            relay.fromClient("RETR 3\r\n");
            assertThat(relay.toServer()).isEqualTo("TOP 3 0\r\n");
            relay.fromServer("+OK\r\nSubject: x\r\n\r\n.\r\n");
            assertThat(relay.toClient()).isEqualTo("+OK\r\nSubject: x\r\n\r\n.\r\n");
        }
    }

    @Test
    void aReplacementWhoseAnswerHasAnotherShapeEndsTheSession() {
        Pop3Filter bad = new Pop3Filter() {
            @Override
            public CommandVerdict<Pop3Command, Pop3Response> onCommand(Pop3Command command) {
                return CommandVerdict.replace(new Pop3Command("NOOP", List.of()));
            }
        };
        try (FramedRelayHarness relay = Pop3Relays.relay(bad)) {
            relay.fromClient("RETR 1\r\n");
            assertThat(relay.toServer()).isEmpty();
            assertThat(relay.toClient()).isEqualTo("-ERR Internal error\r\n");
            assertThat(relay.client.isOpen()).isFalse();
            assertThat(relay.closeReasons).first().isEqualTo(CloseReason.INTERNAL_ERROR);
        }
    }

    @Test
    void aReplacedStreamedAnswerDropsTheServersBody() {
        Pop3Filter withhold = new Pop3Filter() {
            @Override
            public ResponseVerdict<Pop3Response> onResponse(Pop3Response response) {
                return response.body() == Pop3Response.Body.STREAMED
                        ? ResponseVerdict.replace(Pop3Response.err("Message withheld")) : ResponseVerdict.pass();
            }
        };
        try (FramedRelayHarness relay = Pop3Relays.relay(withhold)) {
            relay.fromClient("RETR 1\r\nNOOP\r\n").fromServer("+OK\r\nsecret\r\n.\r\n+OK\r\n");
            assertThat(relay.toClient()).isEqualTo("-ERR Message withheld\r\n+OK\r\n");
        }
    }

    @Test
    void aCloseVerdictSendsErrInTurnAndCloses() {
        Pop3Filter closer = new Pop3Filter() {
            @Override
            public CommandVerdict<Pop3Command, Pop3Response> onCommand(Pop3Command command) {
                return command.verb().equals("DELE") ? CommandVerdict.close("Go away") : CommandVerdict.pass();
            }
        };
        Pop3Relays.Recorder recorder = new Pop3Relays.Recorder();
        try (FramedRelayHarness relay = Pop3Relays.relay(recorder, closer)) {
            relay.fromClient("STAT\r\nDELE 1\r\nNOOP\r\n");
            assertThat(relay.toServer()).isEqualTo("STAT\r\n");
            assertThat(relay.client.isOpen()).isTrue();
            relay.fromServer("+OK 1 1\r\n");
            assertThat(relay.toClient()).isEqualTo("+OK 1 1\r\n-ERR Go away\r\n");
            assertThat(relay.client.isOpen()).isFalse();
            assertThat(relay.upstream.isOpen()).isFalse();
            assertThat(recorder.closed).isTrue();
            assertThat(recorder.seen).doesNotContain("C: NOOP");
        }
    }

    @Test
    void aFilterThatThrowsEndsOnlyItsSessionWithErr() {
        Pop3Filter throwing = new Pop3Filter() {
            @Override
            public ResponseVerdict<Pop3Response> onResponse(Pop3Response response) {
                throw new IllegalStateException("boom");
            }
        };
        try (FramedRelayHarness relay = Pop3Relays.relay(throwing)) {
            relay.fromClient("NOOP\r\n").fromServer("+OK\r\n");
            assertThat(relay.toClient()).isEqualTo("-ERR Internal error\r\n");
            assertThat(relay.closeReasons).first().isEqualTo(CloseReason.INTERNAL_ERROR);
        }
    }

    @Test
    void aLineLongerThanTheBufferGetsErrAndCloses() {
        try (FramedRelayHarness relay = Pop3Relays.relay(new Pop3Relays.Recorder())) {
            relay.fromClient("NOOP\r\nRETR " + "1".repeat(Pop3Relays.MAX_COMMAND_LINE) + "\r\nNOOP\r\n");
            assertThat(relay.toServer()).isEqualTo("NOOP\r\n");
            relay.fromServer("+OK\r\n");
            assertThat(relay.toClient()).isEqualTo("+OK\r\n-ERR Line too long\r\n");
            assertThat(relay.client.isOpen()).isFalse();
            assertThat(relay.closeReasons).first().isEqualTo(CloseReason.PROTOCOL_ERROR);
        }
    }

    @Test
    void aBareLfEndsACommandWhichGoesOnWithCrlfAndAStrayCrIsRefused() {
        try (FramedRelayHarness relay = Pop3Relays.relay(new Pop3Relays.Recorder())) {
            relay.fromClient("NOOP\nDELE 1\rRSET\r\nSTAT\r\n");
            assertThat(relay.toServer()).isEqualTo("NOOP\r\nSTAT\r\n");
            relay.fromServer("+OK\r\n+OK 0 0\r\n");
            assertThat(relay.toClient()).isEqualTo("+OK\r\n-ERR Bare CR not allowed\r\n+OK 0 0\r\n");
        }
    }

    @Test
    void aBlockLargerThanTheLinesLimitIsStreamed() {
        StringBuilder block = new StringBuilder();
        for (int i = 1; block.length() <= Pop3AnswerDecoder.MAX_LINES_BLOCK; i++) {
            block.append(i).append(" uid-").append("x".repeat(40)).append(i).append("\r\n");
        }
        String answers = "+OK\r\n" + block + ".\r\n+OK\r\n";
        Pop3Relays.Recorder recorder = new Pop3Relays.Recorder();
        try (FramedRelayHarness relay = Pop3Relays.relay(recorder)) {
            relay.fromClient("UIDL\r\nNOOP\r\n");
            byte[] bytes = answers.getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < bytes.length; i += 8191) {
                relay.fromServer(java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 8191)));
            }
            assertThat(relay.toClient()).isEqualTo(answers);
            assertThat(recorder.seen).containsExactly("C: UIDL", "C: NOOP", "S: +OK  STREAMED", "S: +OK  NONE");
            assertThat(recorder.streamed.toString(StandardCharsets.US_ASCII)).isEqualTo(block.toString());
        }
    }

    @Test
    void anUpstreamLineThatIsNotAnAnswerEndsTheSession() {
        try (FramedRelayHarness relay = Pop3Relays.relay(new Pop3Relays.Recorder())) {
            relay.fromClient("NOOP\r\n").fromServer("* OK hello\r\n");
            assertThat(relay.toClient()).isEqualTo("-ERR Upstream protocol error\r\n");
            assertThat(relay.client.isOpen()).isFalse();
        }
    }

    @Test
    void theUpstreamClosingWithoutAQuitIsTheUpstreamsDoing() {
        try (FramedRelayHarness relay = Pop3Relays.relay(new Pop3Relays.Recorder())) {
            relay.fromClient("NOOP\r\n").fromServer("+OK\r\n");
            relay.upstream.close();
            assertThat(relay.closeReasons).first().isEqualTo(CloseReason.UPSTREAM_CLOSED);
        }
    }

    @Test
    void theUpstreamClosingAfterQuitClosesTheClientAfterTheAnswer() {
        Pop3Relays.Recorder recorder = new Pop3Relays.Recorder();
        try (FramedRelayHarness relay = Pop3Relays.relay(recorder)) {
            relay.fromClient("QUIT\r\n").fromServer("+OK bye\r\n");
            relay.upstream.close();
            assertThat(relay.toClient()).isEqualTo("+OK bye\r\n");
            assertThat(relay.client.isOpen()).isFalse();
            assertThat(relay.closeReasons).first().isEqualTo(CloseReason.CLIENT_QUIT);
            assertThat(recorder.closed).isTrue();
        }
    }

    @Test
    void aClientThatCannotTakeMoreStopsTheUpstreamUntilItDrains() {
        try (FramedRelayHarness relay = Pop3Relays.relay(new Pop3Relays.Recorder())) {
            relay.fromClient("RETR 1\r\n");
            relay.client.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
            relay.fromServer("+OK\r\nline\r\n");
            assertThat(relay.upstream.config().isAutoRead()).isFalse();
            assertThat(relay.client.config().isAutoRead()).isTrue();
            relay.client.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
            relay.client.runPendingTasks(); // the writability event is fired later
            assertThat(relay.upstream.config().isAutoRead()).isTrue();
            relay.fromServer(".\r\n");
            assertThat(relay.toClient()).isEqualTo("+OK\r\nline\r\n.\r\n");
        }
    }

    @Test
    void anUpstreamThatCannotTakeMoreStopsTheClientUntilItDrains() {
        try (FramedRelayHarness relay = Pop3Relays.relay(new Pop3Relays.Recorder())) {
            relay.upstream.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
            relay.fromClient("NOOP\r\n");
            assertThat(relay.client.config().isAutoRead()).isFalse();
            relay.upstream.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
            relay.upstream.runPendingTasks(); // the writability event is fired later
            assertThat(relay.client.config().isAutoRead()).isTrue();
            assertThat(relay.toServer()).isEqualTo("NOOP\r\n");
        }
    }
}
