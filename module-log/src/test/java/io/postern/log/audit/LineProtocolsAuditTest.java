package io.postern.log.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.module.Named;
import io.postern.relay.FilterChain;
import io.postern.relay.SeenCommand;
import io.postern.spi.Protocol;
import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.filter.Direction;
import io.postern.spi.filter.PostLoginFilter;
import io.postern.spi.pop3.Pop3Command;
import io.postern.spi.pop3.Pop3Filter;
import io.postern.spi.pop3.Pop3Response;
import io.postern.spi.smtp.SmtpCommand;
import io.postern.spi.smtp.SmtpFilter;
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
        audit.onResponse(null, Pop3Response.ok("logged in"));
        Pop3Command stat = new Pop3Command("STAT", List.of());
        Pop3Command retr = new Pop3Command("RETR", List.of("1"));
        Pop3Command uidl = new Pop3Command("uidl", List.of());
        audit.onCommand(stat);
        audit.onCommand(retr);
        audit.onCommand(uidl);
        h.clock.advance(Duration.ofMillis(3));
        audit.onResponse(stat, Pop3Response.ok("2 320"));
        audit.onResponse(retr, new Pop3Response(true, "120 octets", Pop3Response.Body.STREAMED, List.of()));
        audit.onStreamedData(Direction.FROM_SERVER, ByteBuffer.wrap("Subject: secret body\r\n".getBytes()));
        audit.onResponse(uidl, Pop3Response.ok("").withLines(List.of("1 abc", "2 def")));
        Pop3Command dele = new Pop3Command("DELE", List.of("9"));
        audit.onCommand(dele);
        audit.onResponse(dele, Pop3Response.err("no such message"));
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
        audit.onResponse(null, SmtpReply.of(235, "2.0.0 OK"));
        SmtpCommand mail = new SmtpCommand("MAIL", "FROM:<bob@example.com> SIZE=40");
        SmtpCommand rcpt = new SmtpCommand("RCPT", "TO:<alice@example.com>");
        SmtpCommand data = new SmtpCommand("DATA", "");
        audit.onCommand(mail);
        audit.onCommand(rcpt);
        audit.onCommand(data);
        audit.onResponse(mail, SmtpReply.of(250, "2.1.0 Ok"));
        audit.onResponse(rcpt, SmtpReply.of(250, "2.1.5 Ok"));
        audit.onResponse(data, SmtpReply.of(354, "End data with <CR><LF>.<CR><LF>"));
        audit.onStreamedData(Direction.FROM_CLIENT, ByteBuffer.wrap("Subject: the secret plan\r\n".getBytes()));
        audit.onStreamedData(Direction.FROM_CLIENT, ByteBuffer.wrap("\r\n..dots\r\n.\r\n".getBytes()));
        h.clock.advance(Duration.ofMillis(40));
        audit.onResponse(data, SmtpReply.of(250, "2.0.0 Ok: queued as 4F2"));
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
        audit.onResponse(null, SmtpReply.of(235, "2.0.0 OK"));
        SmtpCommand first = new SmtpCommand("BDAT", "10");
        SmtpCommand last = new SmtpCommand("BDAT", "3 LAST");
        audit.onCommand(first);
        audit.onStreamedData(Direction.FROM_CLIENT, ByteBuffer.wrap("0123456789".getBytes()));
        audit.onCommand(last);
        audit.onStreamedData(Direction.FROM_CLIENT, ByteBuffer.wrap("abc".getBytes()));
        audit.onResponse(first, SmtpReply.of(250, "2.0.0 10 octets"));
        audit.onResponse(last, SmtpReply.of(250, "2.0.0 Ok: queued"));
        SmtpCommand ehlo = new SmtpCommand("EHLO", "client.example");
        audit.onCommand(ehlo);
        audit.onResponse(ehlo, new SmtpReply(250, List.of("mx.example", "PIPELINING", "SIZE 1000")));
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
    void theLoginsReplyIsLeftOutAndALaterAnswerNoCommandWaitsForIsWrittenWithoutAVerb() {
        AuditHarness h = new AuditHarness(Protocol.SMTP, "bob");
        SmtpAudit audit = new SmtpAudit(h.trail);
        audit.onResponse(null, SmtpReply.of(235, "2.0.0 OK"));
        audit.onResponse(null, SmtpReply.of(421, "4.4.2 timeout"));
        assertThat(h.tails()).containsExactly("\"-\" S - 421 0.000 - \"\" 4.4.2 timeout");
    }

    /** The core's chain over {@code filters}, in phase order, as a session runs it. */
    @SafeVarargs
    private static <C, R> FilterChain<C, R> chain(PostLoginFilter<C, R>... filters) {
        List<Named<? extends PostLoginFilter<C, R>>> named = new java.util.ArrayList<>();
        for (int i = 0; i < filters.length; i++) {
            named.add(new Named<>("test", "filter-" + i, filters[i]));
        }
        return new FilterChain<>(named, (format, args) -> { }, Object::toString);
    }

    @Test
    void aPop3CommandAnotherFilterRefusesIsAuditedWithItsRefusalAndTheNextWithItsOwnAnswer() {
        AuditHarness h = new AuditHarness(Protocol.POP3, "bob");
        Pop3Filter noDelete = new Pop3Filter() {
            @Override
            public CommandVerdict<Pop3Command, Pop3Response> onCommand(Pop3Command command) {
                return command.verb().equals("DELE") ? CommandVerdict.answer(Pop3Response.err("deleting is disabled"))
                        : CommandVerdict.pass();
            }
        };
        FilterChain<Pop3Command, Pop3Response> chain = chain(new Pop3Audit(h.trail), noDelete);
        chain.onResponse(null, Pop3Response.ok("logged in"));
        chain.onCommand(new Pop3Command("DELE", List.of("1")));
        SeenCommand<Pop3Command> noop = chain.onCommand(new Pop3Command("NOOP", List.of())).seen();
        chain.onResponse(noop, Pop3Response.ok("done"));
        assertThat(h.tails()).containsExactly(
                "\"-\" C - DELE 1",
                "\"-\" S - -ERR 0.000 - \"DELE\" deleting is disabled",
                "\"-\" C - NOOP",
                "\"-\" S - +OK 0.000 - \"NOOP\" done");
    }

    @Test
    void anSmtpTransactionWithARefusedRecipientAttributes354AndTheFinalReplyToData() {
        AuditHarness h = new AuditHarness(Protocol.SMTP, "bob");
        SmtpFilter oneRecipient = new SmtpFilter() {
            private int recipients;

            @Override
            public CommandVerdict<SmtpCommand, SmtpReply> onCommand(SmtpCommand command) {
                return command.verb().equals("RCPT") && ++recipients > 1
                        ? CommandVerdict.answer(SmtpReply.of(452, "4.5.3 Too many recipients")) : CommandVerdict.pass();
            }
        };
        FilterChain<SmtpCommand, SmtpReply> chain = chain(new SmtpAudit(h.trail), oneRecipient);
        chain.onResponse(null, SmtpReply.of(235, "2.0.0 OK"));
        SeenCommand<SmtpCommand> mail = chain.onCommand(new SmtpCommand("MAIL", "FROM:<bob@example.com>")).seen();
        SeenCommand<SmtpCommand> rcpt = chain.onCommand(new SmtpCommand("RCPT", "TO:<a@example.org>")).seen();
        chain.onCommand(new SmtpCommand("RCPT", "TO:<b@example.org>"));
        SeenCommand<SmtpCommand> data = chain.onCommand(new SmtpCommand("DATA", "")).seen();
        chain.onResponse(mail, SmtpReply.of(250, "2.1.0 Ok"));
        chain.onResponse(rcpt, SmtpReply.of(250, "2.1.5 Ok"));
        chain.onResponse(data, SmtpReply.of(354, "End data with <CR><LF>.<CR><LF>"));
        chain.onStreamedData(Direction.FROM_CLIENT, io.netty.buffer.Unpooled.wrappedBuffer("hi\r\n".getBytes()));
        chain.onResponse(data, SmtpReply.of(250, "2.0.0 Ok: queued"));
        assertThat(h.tails()).containsExactly(
                "\"-\" C - MAIL FROM:<bob@example.com>",
                "\"-\" C - RCPT TO:<a@example.org>",
                "\"-\" C - RCPT TO:<b@example.org>",
                "\"-\" S - 452 0.000 - \"RCPT\" 4.5.3 Too many recipients",
                "\"-\" C - DATA",
                "\"-\" S - 250 0.000 - \"MAIL\" 2.1.0 Ok",
                "\"-\" S - 250 0.000 - \"RCPT\" 2.1.5 Ok",
                "\"-\" S - 354 0.000 - \"DATA\" End data with <CR><LF>.<CR><LF>",
                "\"-\" S - 250 0.000 4 \"DATA\" 2.0.0 Ok: queued");
    }
}
