package io.postern.log.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.Protocol;
import io.postern.spi.filter.Direction;
import io.postern.spi.pop3.Pop3Command;
import io.postern.spi.pop3.Pop3Response;
import io.postern.spi.smtp.SmtpCommand;
import io.postern.spi.smtp.SmtpReply;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** POP3 and SMTP: results paired in order, message data counted and never shown. */
class LineProtocolsAuditTest {

    @Test
    void pop3PairsAnswersInOrderAndNeverShowsABody() {
        AuditHarness h = new AuditHarness(Protocol.POP3, "bob");
        Pop3Audit audit = new Pop3Audit(h.trail);
        audit.onCommand(new Pop3Command("STAT", List.of()));
        audit.onCommand(new Pop3Command("RETR", List.of("1")));
        audit.onCommand(new Pop3Command("uidl", List.of()));
        h.clock.advance(Duration.ofMillis(3));
        audit.onResponse(Pop3Response.ok("2 320"));
        audit.onResponse(new Pop3Response(true, "120 octets", Pop3Response.Body.STREAMED, List.of()));
        audit.onStreamedData(Direction.FROM_SERVER, ByteBuffer.wrap("Subject: secret body\r\n".getBytes()));
        audit.onResponse(Pop3Response.ok("").withLines(List.of("1 abc", "2 def")));
        audit.onCommand(new Pop3Command("DELE", List.of("9")));
        audit.onResponse(Pop3Response.err("no such message"));
        assertThat(h.tails()).containsExactly(
                "\"-\" C - STAT",
                "\"-\" C - RETR 1",
                "\"-\" C - UIDL",
                "\"-\" S - +OK 0.003 - \"STAT\" 2 320",
                "\"-\" S - +OK 0.003 - \"RETR\" 120 octets",
                "\"-\" S - +OK 0.003 - \"UIDL\"  (2 lines)",
                "\"-\" C - DELE 9",
                "\"-\" S - -ERR 0.000 - \"DELE\" no such message");
        assertThat(h.everything()).doesNotContain("secret body");
    }

    @Test
    void smtpWritesDatasGoAheadAndTheFinalReplyWithTheSizeOfTheMessage() {
        AuditHarness h = new AuditHarness(Protocol.SMTP, "bob");
        SmtpAudit audit = new SmtpAudit(h.trail);
        audit.onCommand(new SmtpCommand("MAIL", "FROM:<bob@example.com> SIZE=40"));
        audit.onCommand(new SmtpCommand("RCPT", "TO:<alice@example.com>"));
        audit.onCommand(new SmtpCommand("DATA", ""));
        audit.onResponse(SmtpReply.of(250, "2.1.0 Ok"));
        audit.onResponse(SmtpReply.of(250, "2.1.5 Ok"));
        audit.onResponse(SmtpReply.of(354, "End data with <CR><LF>.<CR><LF>"));
        audit.onStreamedData(Direction.FROM_CLIENT, ByteBuffer.wrap("Subject: the secret plan\r\n".getBytes()));
        audit.onStreamedData(Direction.FROM_CLIENT, ByteBuffer.wrap("\r\n..dots\r\n.\r\n".getBytes()));
        h.clock.advance(Duration.ofMillis(40));
        audit.onResponse(SmtpReply.of(250, "2.0.0 Ok: queued as 4F2"));
        assertThat(h.tails()).containsExactly(
                "\"-\" C - MAIL FROM:<bob@example.com> SIZE=40",
                "\"-\" C - RCPT TO:<alice@example.com>",
                "\"-\" C - DATA",
                "\"-\" S - 250 0.000 - \"MAIL\" 2.1.0 Ok",
                "\"-\" S - 250 0.000 - \"RCPT\" 2.1.5 Ok",
                "\"-\" S - 354 0.000 - \"DATA\" End data with <CR><LF>.<CR><LF>",
                "\"-\" S - 250 0.040 39 \"DATA\" 2.0.0 Ok: queued as 4F2");
        assertThat(h.everything()).doesNotContain("secret plan").doesNotContain("dots");
    }

    @Test
    void smtpCountsEachBdatChunkWithItsOwnCommand() {
        AuditHarness h = new AuditHarness(Protocol.SMTP, "bob");
        SmtpAudit audit = new SmtpAudit(h.trail);
        audit.onCommand(new SmtpCommand("BDAT", "10"));
        audit.onStreamedData(Direction.FROM_CLIENT, ByteBuffer.wrap("0123456789".getBytes()));
        audit.onCommand(new SmtpCommand("BDAT", "3 LAST"));
        audit.onStreamedData(Direction.FROM_CLIENT, ByteBuffer.wrap("abc".getBytes()));
        audit.onResponse(SmtpReply.of(250, "2.0.0 10 octets"));
        audit.onResponse(SmtpReply.of(250, "2.0.0 Ok: queued"));
        audit.onCommand(new SmtpCommand("EHLO", "client.example"));
        audit.onResponse(new SmtpReply(250, List.of("mx.example", "PIPELINING", "SIZE 1000")));
        audit.onCommand(new SmtpCommand("QUIT", ""));
        assertThat(h.tails()).containsExactly(
                "\"-\" C - BDAT 10",
                "\"-\" C - BDAT 3 LAST",
                "\"-\" S - 250 0.000 10 \"BDAT\" 2.0.0 10 octets",
                "\"-\" S - 250 0.000 3 \"BDAT\" 2.0.0 Ok: queued",
                "\"-\" C - EHLO client.example",
                "\"-\" S - 250 0.000 - \"EHLO\" mx.example (+2 lines)",
                "\"-\" C - QUIT");
        assertThat(h.verbsCounted).containsExactly("BDAT", "BDAT", "EHLO", "QUIT");
    }

    @Test
    void anAnswerNoCommandWaitsForIsWrittenWithoutAVerb() {
        AuditHarness h = new AuditHarness(Protocol.SMTP, "bob");
        SmtpAudit audit = new SmtpAudit(h.trail);
        audit.onResponse(SmtpReply.of(421, "4.4.2 timeout"));
        assertThat(h.tails()).containsExactly("\"-\" S - 421 0.000 - \"\" 4.4.2 timeout");
    }
}
