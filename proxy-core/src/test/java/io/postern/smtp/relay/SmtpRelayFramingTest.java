package io.postern.smtp.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.CloseReason;
import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.filter.ResponseVerdict;
import io.postern.spi.smtp.SmtpCommand;
import io.postern.spi.smtp.SmtpFilter;
import io.postern.spi.smtp.SmtpReply;
import io.postern.testing.ByteSplits;
import io.postern.testing.FramedRelayHarness;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SMTP framed relay between embedded channels: whole multi-line replies paired with
 * pipelined commands, message data to its CRLF.CRLF and nothing else, BDAT chunks counted,
 * the relay's own refusals and filters' verdicts. Framing cases are fed whole, one byte at a
 * time and cut at many places.
 */
class SmtpRelayFramingTest {

    private static final String DATA = "Subject: dots\r\n\r\n..leading dot\r\n..\r\n...\r\nx\r\n";
    private static final String CHUNK = "ab\r\n.\r\nRSET\r\n";

    private static final String COMMANDS = "EHLO client.example\r\n"
            + "MAIL FROM:<alice@example.com> SIZE=100\r\nRCPT TO:<bob@example.org>\r\nRCPT TO:<carol@example.org>\r\n"
            + "DATA\r\n" + DATA + ".\r\n"
            + "MAIL FROM:<alice@example.com>\r\nRCPT TO:<bob@example.org>\r\nBDAT " + CHUNK.length() + " LAST\r\n"
            + CHUNK + "QUIT\r\n";

    private static final String REPLIES = "250-mx.example\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n"
            + "250-CHUNKING\r\n250 8BITMIME\r\n"
            + "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n550 5.1.1 <carol@example.org>: Recipient address rejected\r\n"
            + "354 End data with <CR><LF>.<CR><LF>\r\n"
            + "250 2.0.0 Ok: queued as 1234\r\n"
            + "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n250 2.0.0 Ok: 13 octets\r\n"
            + "221 2.0.0 Bye\r\n";

    private static final List<String> SEEN_COMMANDS = List.of("EHLO client.example",
            "MAIL FROM:<alice@example.com> SIZE=100", "RCPT TO:<bob@example.org>", "RCPT TO:<carol@example.org>",
            "DATA", "MAIL FROM:<alice@example.com>", "RCPT TO:<bob@example.org>", "BDAT 13 LAST", "QUIT");

    private static final List<String> SEEN_REPLIES = List.of("250 mx.example|PIPELINING|SIZE 10240000|CHUNKING|8BITMIME",
            "250 2.1.0 Ok", "250 2.1.5 Ok", "550 5.1.1 <carol@example.org>: Recipient address rejected",
            "354 End data with <CR><LF>.<CR><LF>", "250 2.0.0 Ok: queued as 1234", "250 2.1.0 Ok", "250 2.1.5 Ok",
            "250 2.0.0 Ok: 13 octets", "221 2.0.0 Bye");

    @Test
    void relaysAPipelinedSessionUnchangedWhateverTheServersReads() {
        for (ByteSplits.Chunking chunking : ByteSplits.many(bytes(REPLIES), 40)) {
            SmtpRelays.Recorder recorder = new SmtpRelays.Recorder();
            try (FramedRelayHarness relay = SmtpRelays.relay(recorder)) {
                relay.fromClient(COMMANDS);
                // Nothing after DATA goes before the 354.
                assertThat(relay.toServer()).as(chunking.description()).isEqualTo(COMMANDS.substring(0,
                        COMMANDS.indexOf("DATA\r\n") + 6));
                relay.fromServer(chunking);
                assertSession(relay, recorder, chunking.description(), COMMANDS.indexOf("DATA\r\n") + 6);
            }
        }
    }

    @Test
    void relaysAPipelinedSessionUnchangedWhateverTheClientsReads() {
        for (ByteSplits.Chunking chunking : ByteSplits.many(bytes(COMMANDS), 40)) {
            SmtpRelays.Recorder recorder = new SmtpRelays.Recorder();
            try (FramedRelayHarness relay = SmtpRelays.relay(recorder)) {
                relay.fromClient(chunking).fromServer(REPLIES);
                assertSession(relay, recorder, chunking.description(), 0);
            }
        }
    }

    private static void assertSession(FramedRelayHarness relay, SmtpRelays.Recorder recorder, String how,
                                      int alreadySent) {
        assertThat(relay.toServer()).as(how).isEqualTo(COMMANDS.substring(alreadySent));
        assertThat(relay.toClient()).as(how).isEqualTo(REPLIES);
        assertThat(recorder.commands).as(how).containsExactlyElementsOf(SEEN_COMMANDS);
        assertThat(recorder.replies).as(how).containsExactlyElementsOf(SEEN_REPLIES);
        // Filters see the data with its stuffing and without its terminator, and the chunk as it is.
        assertThat(recorder.streamed.toString(StandardCharsets.UTF_8)).as(how).isEqualTo(DATA + CHUNK);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\\n.\\n", "\\n.\\r\\n", "\\r.\\r", "\\r\\n.\\n", "\\r.\\r\\n", "\\n.\\r"})
    void aBareLineBreakNeverEndsTheDataAndTheMessageIsRefused(String escaped) {
        String smuggling = escaped.replace("\\n", "\n").replace("\\r", "\r");
        String data = "Subject: s\r\n\r\nhello" + smuggling + "MAIL FROM:<evil@example.com>\r\n"
                + "RCPT TO:<victim@example.org>\r\nDATA\r\nsmuggled\r\n.\r\nQUIT\r\n";
        for (ByteSplits.Chunking chunking : ByteSplits.many(bytes(data), 20)) {
            SmtpRelays.Recorder recorder = new SmtpRelays.Recorder();
            try (FramedRelayHarness relay = SmtpRelays.relay(recorder)) {
                relay.fromClient("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n")
                        .fromServer("250 Ok\r\n250 Ok\r\n354 Go ahead\r\n");
                String head = relay.toServer();
                relay.fromClient(chunking);
                String sent = head + relay.toServer();
                assertThat(sent).as(chunking.description()).doesNotContain("evil", "victim", "smuggled")
                        .doesNotContain("\r\n.\r\n");
                assertThat(relay.upstream.isOpen()).as("the upstream is dropped, so it discards the message")
                        .isFalse();
                assertThat(relay.toClient()).as(chunking.description())
                        .isEqualTo("250 Ok\r\n250 Ok\r\n354 Go ahead\r\n" + SmtpClientSide.BARE_LINE_BREAK_REPLY
                                + "\r\n");
                assertThat(relay.client.isOpen()).isFalse();
                assertThat(recorder.commands).doesNotContain("MAIL FROM:<evil@example.com>");
                assertThat(relay.closeReasons).first().isEqualTo(CloseReason.PROTOCOL_ERROR);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"DATA\\t", " DATA", "\\tDATA", "data\\f"})
    void dataWrittenWithOtherBlanksIsStillDataSoPipelinedBytesWaitForThe354(String escaped) {
        // Upstreams split a command at any blank and skip leading ones (Postfix's smtpd_token):
        // were this not DATA to the relay, the pipelined message would go up as "commands".
        String data = escaped.replace("\\t", "\t").replace("\\f", "\f");
        SmtpRelays.Recorder recorder = new SmtpRelays.Recorder();
        try (FramedRelayHarness relay = SmtpRelays.relay(recorder)) {
            relay.fromClient("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\n" + data + "\r\n"
                    + "hello\n.\nMAIL FROM:<evil@example.com>\r\nRCPT TO:<victim@example.org>\r\nDATA\r\n"
                    + "smuggled\r\n.\r\n");
            assertThat(relay.toServer()).isEqualTo("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\n"
                    + data + "\r\n");
            relay.fromServer("250 Ok\r\n250 Ok\r\n354 Go ahead\r\n");
            assertThat(relay.toServer()).doesNotContain("evil", "smuggled");
            assertThat(relay.toClient()).endsWith("354 Go ahead\r\n" + SmtpClientSide.BARE_LINE_BREAK_REPLY + "\r\n");
            assertThat(recorder.commands).containsExactly("MAIL FROM:<a@example.com>", "RCPT TO:<b@example.org>",
                    "DATA");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"XCLIENT\\tLOGIN=admin", " XCLIENT LOGIN=admin", "xforward\\u000bADDR=10.0.0.1",
        "STARTTLS\\t"})
    void commandsTheRelayRefusesAreRefusedWhateverBlankEndsTheirVerb(String escaped) {
        String line = escaped.replace("\\t", "\t").replace("\\u000b", "\u000b");
        SmtpRelays.Recorder recorder = new SmtpRelays.Recorder();
        try (FramedRelayHarness relay = SmtpRelays.relay(recorder)) {
            relay.fromClient(line + "\r\nNOOP\r\n");
            assertThat(relay.toServer()).isEqualTo("NOOP\r\n");
            relay.fromServer("250 2.0.0 Ok\r\n");
            assertThat(relay.toClient()).matches("(550 5\\.7\\.0|503 5\\.5\\.1) .*\r\n250 2\\.0\\.0 Ok\r\n");
            assertThat(recorder.commands).containsExactly("NOOP");
        }
    }

    @Test
    void a354ToACommandThatIsNotDataEndsTheSession() {
        SmtpRelays.Recorder recorder = new SmtpRelays.Recorder();
        try (FramedRelayHarness relay = SmtpRelays.relay(recorder)) {
            relay.fromClient("NOOP\r\n");
            assertThat(relay.toServer()).isEqualTo("NOOP\r\n");
            relay.fromServer("354 Go ahead\r\n");
            assertThat(relay.toClient()).isEqualTo("421 4.3.0 Upstream protocol error\r\n");
            assertThat(relay.client.isOpen()).isFalse();
            assertThat(relay.upstream.isOpen()).isFalse();
            assertThat(relay.closeReasons).first().isEqualTo(CloseReason.UPSTREAM_ERROR);
        }
    }

    @Test
    void aBdatChunkIsCountedExactlyWhatever() {
        String chunk = "x\r\n.\r\nRCPT TO:<victim@example.org>\r\n.\r\n";
        String commands = "BDAT " + chunk.length() + "\r\n" + chunk + "BDAT 0 LAST\r\nNOOP\r\n";
        for (ByteSplits.Chunking chunking : ByteSplits.many(bytes(commands), 40)) {
            SmtpRelays.Recorder recorder = new SmtpRelays.Recorder();
            try (FramedRelayHarness relay = SmtpRelays.afterEhlo(recorder)) {
                relay.fromClient(chunking);
                assertThat(relay.toServer()).as(chunking.description()).isEqualTo(commands);
                assertThat(recorder.commands).as(chunking.description())
                        .containsExactly("EHLO client.example", "BDAT " + chunk.length(), "BDAT 0 LAST", "NOOP");
                assertThat(recorder.streamed.toString(StandardCharsets.UTF_8)).isEqualTo(chunk);
                relay.fromServer("250 2.0.0 chunk\r\n250 2.0.0 Ok: queued\r\n250 2.0.0 Ok\r\n");
                assertThat(relay.toClient()).isEqualTo("250 2.0.0 chunk\r\n250 2.0.0 Ok: queued\r\n250 2.0.0 Ok\r\n");
            }
        }
    }

    @Test
    void bdatToAnUpstreamWithoutChunkingIsRefusedAndItsChunkDiscarded() {
        String chunk = "RCPT TO:<victim@example.org>\r\n";
        SmtpRelays.Recorder recorder = new SmtpRelays.Recorder();
        try (FramedRelayHarness relay = SmtpRelays.relay(recorder)) {
            relay.fromClient("BDAT " + chunk.length() + " LAST\r\n" + chunk + "NOOP\r\n");
            assertThat(relay.toServer()).isEqualTo("NOOP\r\n");
            assertThat(relay.toClient()).isEqualTo("502 5.5.1 BDAT not available\r\n");
            assertThat(recorder.commands).containsExactly("NOOP");
            assertThat(recorder.streamed.size()).isZero();
        }
    }

    @Test
    void aMalformedBdatEndsTheSession() {
        try (FramedRelayHarness relay = SmtpRelays.afterEhlo(new SmtpRelays.Recorder())) {
            relay.fromClient("BDAT ten\r\nRCPT TO:<x@example.org>\r\n");
            assertThat(relay.toServer()).isEmpty();
            assertThat(relay.toClient()).isEqualTo("501 5.5.4 Syntax: BDAT <size> [LAST]\r\n");
            assertThat(relay.client.isOpen()).isFalse();
        }
    }

    @Test
    void aMultiLineReplyIsReadToItsLastLineBeforeItIsPaired() {
        String replies = "250-first\r\n250-second\r\n250 last\r\n250 2.0.0 Ok\r\n";
        for (ByteSplits.Chunking chunking : ByteSplits.all(bytes(replies))) {
            SmtpRelays.Recorder recorder = new SmtpRelays.Recorder();
            try (FramedRelayHarness relay = SmtpRelays.relay(recorder)) {
                relay.fromClient("HELP\r\nNOOP\r\n").fromServer(chunking);
                assertThat(recorder.replies).as(chunking.description()).containsExactly("250 first|second|last",
                        "250 2.0.0 Ok");
                assertThat(relay.toClient()).isEqualTo(replies);
            }
        }
    }

    @Test
    void dataRefusedByTheServerMeansCommandsFollow() {
        SmtpRelays.Recorder recorder = new SmtpRelays.Recorder();
        try (FramedRelayHarness relay = SmtpRelays.relay(recorder)) {
            relay.fromClient("DATA\r\nRSET\r\n");
            assertThat(relay.toServer()).isEqualTo("DATA\r\n");
            assertThat(relay.client.config().isAutoRead()).as("the client waits for DATA's reply").isFalse();
            relay.fromServer("554 5.5.1 Error: no valid recipients\r\n");
            assertThat(relay.client.config().isAutoRead()).isTrue();
            assertThat(relay.toServer()).isEqualTo("RSET\r\n");
            assertThat(recorder.commands).containsExactly("DATA", "RSET");
        }
    }

    @Test
    void refusesStartTlsAuthAndXclientAfterLoginInTurnAndNeverForwardsThem() {
        SmtpRelays.Recorder recorder = new SmtpRelays.Recorder();
        try (FramedRelayHarness relay = SmtpRelays.relay(recorder)) {
            relay.fromClient("NOOP\r\nSTARTTLS\r\nAUTH PLAIN AGJvYgBzZWNyZXQ=\r\nXCLIENT LOGIN=admin\r\nNOOP\r\n");
            assertThat(relay.toServer()).isEqualTo("NOOP\r\nNOOP\r\n");
            relay.fromServer("250 2.0.0 one\r\n250 2.0.0 two\r\n");
            assertThat(relay.toClient()).isEqualTo("250 2.0.0 one\r\n503 5.5.1 STARTTLS not allowed after login\r\n"
                    + "503 5.5.1 Already authenticated\r\n550 5.7.0 XCLIENT not allowed\r\n250 2.0.0 two\r\n");
            assertThat(recorder.commands).containsExactly("NOOP", "NOOP");
        }
    }

    @Test
    void takesStartTlsAndXclientOutOfEhloReplies() {
        SmtpRelays.Recorder recorder = new SmtpRelays.Recorder();
        try (FramedRelayHarness relay = SmtpRelays.relay(recorder)) {
            relay.fromClient("EHLO c\r\n")
                    .fromServer("250-mx\r\n250-STARTTLS\r\n250-XCLIENT NAME ADDR\r\n250-SIZE 100\r\n250 STARTTLS\r\n");
            assertThat(relay.toClient()).isEqualTo("250-mx\r\n250 SIZE 100\r\n");
            assertThat(recorder.replies).containsExactly("250 mx|SIZE 100");
        }
    }

    @Test
    void aFiltersRefusalOfOneRecipientGoesToTheClientInOrder() {
        SmtpFilter refuseCarol = new SmtpFilter() {
            @Override
            public CommandVerdict<SmtpCommand, SmtpReply> onCommand(SmtpCommand command) {
                return command.path().orElse("").startsWith("carol@")
                        ? CommandVerdict.answer(SmtpReply.of(550, "5.7.1 Recipient not allowed"))
                        : CommandVerdict.pass();
            }
        };
        try (FramedRelayHarness relay = SmtpRelays.relay(refuseCarol)) {
            relay.fromClient("MAIL FROM:<a@example.com>\r\nRCPT TO:<bob@example.org>\r\nRCPT TO:<carol@example.org>\r\n"
                    + "RCPT TO:<dave@example.org>\r\nDATA\r\n");
            assertThat(relay.toServer()).isEqualTo("MAIL FROM:<a@example.com>\r\nRCPT TO:<bob@example.org>\r\n"
                    + "RCPT TO:<dave@example.org>\r\nDATA\r\n");
            relay.fromServer("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n");
            assertThat(relay.toClient()).isEqualTo("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n550 5.7.1 Recipient not allowed\r\n");
            relay.fromServer("250 2.1.5 Ok\r\n354 Go\r\n");
            assertThat(relay.toClient()).isEqualTo("250 2.1.5 Ok\r\n354 Go\r\n");
        }
    }

    @Test
    void aFilterRewritesTheSendersDomainKeepingTheParameters() {
        SmtpFilter rewrite = new SmtpFilter() {
            @Override
            public CommandVerdict<SmtpCommand, SmtpReply> onCommand(SmtpCommand command) {
                return command.verb().equals("MAIL")
                        ? CommandVerdict.replace(command.withPath(command.path().orElseThrow()
                                .replace("@example.com", "@rewritten.test")))
                        : CommandVerdict.pass();
            }
        };
        try (FramedRelayHarness relay = SmtpRelays.relay(rewrite)) {
            relay.fromClient("MAIL FROM:<alice@example.com> SIZE=10 BODY=8BITMIME\r\n");
            assertThat(relay.toServer()).isEqualTo("MAIL FROM:<alice@rewritten.test> SIZE=10 BODY=8BITMIME\r\n");
        }
    }

    @Test
    void aReplacementThatWouldBreakTheLineEndsTheSession() {
        SmtpFilter inject = new SmtpFilter() {
            @Override
            public CommandVerdict<SmtpCommand, SmtpReply> onCommand(SmtpCommand command) {
                return CommandVerdict.replace(new SmtpCommand("RCPT", "TO:<a@x>\r\nRCPT TO:<b@x>"));
            }
        };
        try (FramedRelayHarness relay = SmtpRelays.relay(inject)) {
            relay.fromClient("RCPT TO:<a@x>\r\n");
            assertThat(relay.toServer()).isEmpty();
            assertThat(relay.toClient()).isEqualTo("421 4.3.0 Internal error\r\n");
        }
    }

    @Test
    void aCloseVerdictSends421InTurnAndCloses() {
        SmtpFilter closer = new SmtpFilter() {
            @Override
            public CommandVerdict<SmtpCommand, SmtpReply> onCommand(SmtpCommand command) {
                return command.verb().equals("RCPT") ? CommandVerdict.close("Too many recipients")
                        : CommandVerdict.pass();
            }
        };
        SmtpRelays.Recorder recorder = new SmtpRelays.Recorder();
        try (FramedRelayHarness relay = SmtpRelays.relay(recorder, closer)) {
            relay.fromClient("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nNOOP\r\n");
            assertThat(relay.toServer()).isEqualTo("MAIL FROM:<a@example.com>\r\n");
            relay.fromServer("250 Ok\r\n");
            assertThat(relay.toClient()).isEqualTo("250 Ok\r\n421 4.3.0 Too many recipients\r\n");
            assertThat(relay.client.isOpen()).isFalse();
            assertThat(relay.upstream.isOpen()).isFalse();
            assertThat(recorder.closed).isTrue();
        }
    }

    @Test
    void aFilterMayNotTurnA354IntoARefusal() {
        SmtpFilter refuse354 = new SmtpFilter() {
            @Override
            public ResponseVerdict<SmtpReply> onResponse(SmtpReply reply) {
                return reply.code() == 354 ? ResponseVerdict.replace(SmtpReply.of(554, "no")) : ResponseVerdict.pass();
            }
        };
        try (FramedRelayHarness relay = SmtpRelays.relay(refuse354)) {
            relay.fromClient("DATA\r\n").fromServer("354 Go\r\n");
            assertThat(relay.toClient()).isEqualTo("421 4.3.0 Internal error\r\n");
            assertThat(relay.closeReasons).first().isEqualTo(CloseReason.INTERNAL_ERROR);
        }
    }

    @Test
    void aLineLongerThanTheBufferGets500AndCloses() {
        try (FramedRelayHarness relay = SmtpRelays.relay(new SmtpRelays.Recorder())) {
            relay.fromClient("NOOP\r\nRCPT TO:<" + "a".repeat(SmtpRelays.MAX_COMMAND_LINE) + ">\r\nNOOP\r\n");
            assertThat(relay.toServer()).isEqualTo("NOOP\r\n");
            relay.fromServer("250 Ok\r\n");
            assertThat(relay.toClient()).isEqualTo("250 Ok\r\n500 5.5.2 Line too long\r\n");
            assertThat(relay.client.isOpen()).isFalse();
        }
    }

    @Test
    void anUpstreamReplyOfMixedCodesEndsTheSessionWith421() {
        try (FramedRelayHarness relay = SmtpRelays.relay(new SmtpRelays.Recorder())) {
            relay.fromClient("EHLO c\r\n").fromServer("250-mx\r\n220 hello\r\n");
            assertThat(relay.toClient()).isEqualTo("421 4.3.0 Upstream protocol error\r\n");
            assertThat(relay.client.isOpen()).isFalse();
        }
    }

    @Test
    void anUnsolicitedReplyReachesTheClient() {
        try (FramedRelayHarness relay = SmtpRelays.relay(new SmtpRelays.Recorder())) {
            relay.fromServer("421 4.4.2 mx.example Error: timeout exceeded\r\n");
            relay.upstream.close();
            assertThat(relay.toClient()).isEqualTo("421 4.4.2 mx.example Error: timeout exceeded\r\n");
            assertThat(relay.client.isOpen()).isFalse();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
