package io.postern.smtp.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.CloseReason;
import io.postern.spi.filter.ResponseVerdict;
import io.postern.spi.smtp.SmtpCommand;
import io.postern.spi.smtp.SmtpFilter;
import io.postern.spi.smtp.SmtpReply;
import io.postern.testing.FramedRelayHarness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each SMTP reply reaches the filters with the command it answers (SPI 1.4). */
class SmtpResponsePairingTest {

    /** Writes down "verb -> code" pairs. */
    static final class Pairs implements SmtpFilter {
        final List<String> pairs = new ArrayList<>();

        @Override
        public ResponseVerdict<SmtpReply> onResponse(SmtpCommand command, SmtpReply reply) {
            pairs.add((command == null ? "none" : command.verb()) + " -> " + reply.code());
            return ResponseVerdict.pass();
        }
    }

    @Test
    void dataPairsWithBoth354AndTheFinalReplyAndPipelinedCommandsInOrder() {
        Pairs audit = new Pairs();
        try (FramedRelayHarness relay = SmtpRelays.afterEhlo(audit)) {
            relay.fromClient("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nRCPT TO:<c@example.org>\r\nDATA\r\n")
                    .fromServer("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n550 5.1.1 No such user\r\n354 End data with <CR><LF>.<CR><LF>\r\n");
            relay.fromClient("Subject: hi\r\n\r\nhello\r\n.\r\nQUIT\r\n").fromServer("250 2.0.0 Ok: queued\r\n221 2.0.0 Bye\r\n");
            assertThat(audit.pairs).containsExactly("EHLO -> 250", "MAIL -> 250", "RCPT -> 250", "RCPT -> 550",
                    "DATA -> 354", "DATA -> 250", "QUIT -> 221");
        }
    }

    @Test
    void anAnsweredQuitIsTheClientsQuitWhicheverSideClosesAndAnUnansweredOneIsNot() {
        try (FramedRelayHarness relay = SmtpRelays.afterEhlo()) {
            relay.fromClient("QUIT\r\n").fromServer("221 2.0.0 Bye\r\n");
            relay.upstream.close();
            assertThat(relay.closeReasons).first().isEqualTo(CloseReason.CLIENT_QUIT);
        }
        try (FramedRelayHarness relay = SmtpRelays.afterEhlo()) {
            relay.fromClient("QUIT\r\n");
            relay.upstream.close();
            assertThat(relay.closeReasons).first().isEqualTo(CloseReason.UPSTREAM_CLOSED);
        }
    }

    @Test
    void eachBdatChunkHasItsReplyAndAnUnsolicitedReplyHasNoCommand() {
        Pairs audit = new Pairs();
        try (FramedRelayHarness relay = SmtpRelays.afterEhlo(audit)) {
            relay.fromClient("MAIL FROM:<a@example.com>\r\nBDAT 5\r\nhelloBDAT 0 LAST\r\n")
                    .fromServer("250 2.1.0 Ok\r\n250 2.0.0 5 octets\r\n250 2.0.0 queued\r\n421 4.3.2 Shutting down\r\n");
            assertThat(audit.pairs).containsExactly("EHLO -> 250", "MAIL -> 250", "BDAT -> 250", "BDAT -> 250",
                    "none -> 421");
        }
    }
}
