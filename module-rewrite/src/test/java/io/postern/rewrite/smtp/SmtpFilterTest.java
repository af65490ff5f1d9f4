package io.postern.rewrite.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.rewrite.testkit.FakeSession;
import io.postern.rewrite.testkit.Rewrite;
import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.filter.ResponseVerdict;
import io.postern.spi.smtp.SmtpCommand;
import io.postern.spi.smtp.SmtpFilter;
import io.postern.spi.smtp.SmtpReply;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SMTP: address rewriting, deny rules, the recipient limit, EHLO keywords. */
class SmtpFilterTest {

    private static final Rewrite REWRITE = Rewrite.configure("""
            mail {
              rewrite.smtp {
                addresses {
                  rebrand { commands = [MAIL], domains { "old.example" = "new.example", "OLD2.example" = "new.example" } }
                  plus    { commands = [RCPT], match = "^([^+@]+)\\\\+[^@]*@", replace = "$1@" }
                }
                deny {
                  no-vrfy  { commands = [VRFY, EXPN], code = 502, answer = "5.5.1 Not here" }
                  outbound { groups = [interns], commands = [RCPT], address = "@(?!example\\\\.com$)"
                             answer = "5.7.1 Internal mail only" }
                }
                recipients { three { max = 3 }, ten { max = 10, groups = [bulk] } }
                capabilities.caps { remove = [CHUNKING, "SIZE"], add = ["SIZE 1048576"] }
              }
              servers.smtp { protocol = smtp, listen = "127.0.0.1:587" }
            }
            """);

    private static SmtpCommand mail(String from) {
        return new SmtpCommand("MAIL", "FROM:<" + from + "> SIZE=1000");
    }

    private static SmtpCommand rcpt(String to) {
        return new SmtpCommand("RCPT", "TO:<" + to + ">");
    }

    private static final SmtpReply OK = SmtpReply.of(250, "2.1.0 Ok");
    private static final SmtpReply TOO_MANY = SmtpReply.of(452, "4.5.3 Too many recipients");

    @Test
    void mapsTheSendersDomainAndKeepsTheParameters() {
        SmtpFilter session = REWRITE.smtp("smtp", "alice");
        assertThat(session.onCommand(mail("alice@Old.Example")))
                .isEqualTo(CommandVerdict.replace(new SmtpCommand("MAIL", "FROM:<alice@new.example> SIZE=1000")));
        assertThat(session.onCommand(mail("bob@old2.example")))
                .isEqualTo(CommandVerdict.replace(new SmtpCommand("MAIL", "FROM:<bob@new.example> SIZE=1000")));
        assertThat(session.onCommand(mail("alice@other.example"))).isSameAs(CommandVerdict.pass());
        assertThat(session.onCommand(mail(""))).as("the null sender").isSameAs(CommandVerdict.pass());
        assertThat(session.onCommand(rcpt("carol@old.example"))).as("MAIL only").isSameAs(CommandVerdict.pass());
    }

    @Test
    void rewritesRecipientsWithARegex() {
        SmtpFilter session = REWRITE.smtp("smtp", "alice");
        assertThat(session.onCommand(rcpt("carol+news@example.com")))
                .isEqualTo(CommandVerdict.replace(rcpt("carol@example.com")));
    }

    @Test
    void refusesByVerbAndByAddressForAGroup() {
        SmtpFilter intern = REWRITE.smtp(FakeSession.of(REWRITE.config().server("smtp"), "ivan", "interns"))
                .orElseThrow();
        assertThat(intern.onCommand(new SmtpCommand("VRFY", "root")))
                .isEqualTo(CommandVerdict.answer(SmtpReply.of(502, "5.5.1 Not here")));
        assertThat(intern.onCommand(rcpt("x@gmail.example")))
                .isEqualTo(CommandVerdict.answer(SmtpReply.of(550, "5.7.1 Internal mail only")));
        assertThat(intern.onCommand(rcpt("boss@example.com"))).isSameAs(CommandVerdict.pass());

        SmtpFilter other = REWRITE.smtp("smtp", "alice");
        assertThat(other.onCommand(rcpt("x@gmail.example"))).isSameAs(CommandVerdict.pass());
    }

    @Test
    void limitsRecipientsPerMessageAndCountsOnlyThoseTheServerTook() {
        SmtpFilter session = REWRITE.smtp("smtp", "alice");
        session.onCommand(mail("a@example.com"));
        session.onCommand(rcpt("1@example.com"));
        session.onCommand(rcpt("2@example.com"));
        session.onCommand(rcpt("3@example.com"));
        assertThat(session.onCommand(rcpt("4@example.com"))).isEqualTo(CommandVerdict.answer(TOO_MANY));

        session.onResponse(OK);                            // MAIL
        session.onResponse(OK);                            // 1
        session.onResponse(SmtpReply.of(550, "5.1.1 No such user")); // 2 refused: one more may come
        session.onResponse(OK);                            // 3
        assertThat(session.onCommand(rcpt("5@example.com"))).isSameAs(CommandVerdict.pass());
        assertThat(session.onCommand(rcpt("6@example.com"))).isEqualTo(CommandVerdict.answer(TOO_MANY));
    }

    @Test
    void startsCountingAgainAfterRsetMailAndTheEndOfAMessage() {
        SmtpFilter session = REWRITE.smtp("smtp", "alice");
        fill(session);
        session.onCommand(new SmtpCommand("RSET", ""));
        assertThat(session.onCommand(rcpt("x@example.com"))).isSameAs(CommandVerdict.pass());

        fill(session);
        session.onCommand(new SmtpCommand("DATA", ""));
        drain(session, 10);                                // the replies before DATA's, in order
        assertThat(session.onResponse(SmtpReply.of(354, "End data with <CR><LF>.<CR><LF>"))).isSameAs(ResponseVerdict.pass());
        session.onResponse(SmtpReply.of(250, "2.0.0 Ok: queued"));
        assertThat(session.onCommand(rcpt("y@example.com"))).as("the message ended").isSameAs(CommandVerdict.pass());
    }

    @Test
    void aLateRefusalNeverLowersTheNextMessagesCount() {
        SmtpFilter session = REWRITE.smtp("smtp", "alice");
        session.onCommand(mail("a@example.com"));
        session.onCommand(rcpt("1@example.com"));
        session.onCommand(mail("b@example.com"));          // pipelined: a new transaction
        session.onCommand(rcpt("2@example.com"));
        session.onCommand(rcpt("3@example.com"));
        session.onCommand(rcpt("4@example.com"));
        session.onResponse(OK);
        session.onResponse(SmtpReply.of(550, "5.1.1 No"));  // the first message's recipient
        assertThat(session.onCommand(rcpt("5@example.com"))).isEqualTo(CommandVerdict.answer(TOO_MANY));
    }

    @Test
    void takesTheSmallestLimitThatAppliesToTheSession() {
        SmtpFilter bulk = REWRITE.smtp(FakeSession.of(REWRITE.config().server("smtp"), "news", "bulk")).orElseThrow();
        bulk.onCommand(mail("a@example.com"));
        for (int i = 0; i < 3; i++) {
            bulk.onCommand(rcpt(i + "@example.com"));
        }
        assertThat(bulk.onCommand(rcpt("9@example.com"))).isEqualTo(CommandVerdict.answer(TOO_MANY));
    }

    @Test
    void editsTheEhloKeywords() {
        SmtpFilter session = REWRITE.smtp("smtp", "alice");
        session.onCommand(new SmtpCommand("EHLO", "client.example"));
        SmtpReply ehlo = new SmtpReply(250, List.of("mx.example", "PIPELINING", "SIZE 10240000", "CHUNKING", "8BITMIME"));
        assertThat(session.onResponse(ehlo)).isEqualTo(ResponseVerdict.replace(
                new SmtpReply(250, List.of("mx.example", "PIPELINING", "8BITMIME", "SIZE 1048576"))));

        session.onCommand(new SmtpCommand("NOOP", ""));
        assertThat(session.onResponse(new SmtpReply(250, List.of("2.0.0 CHUNKING")))).isSameAs(ResponseVerdict.pass());
    }

    private static void fill(SmtpFilter session) {
        session.onCommand(mail("a@example.com"));
        for (int i = 0; i < 3; i++) {
            session.onCommand(rcpt(i + "@example.com"));
        }
        assertThat(session.onCommand(rcpt("x@example.com"))).isEqualTo(CommandVerdict.answer(TOO_MANY));
    }

    private static void drain(SmtpFilter session, int replies) {
        for (int i = 0; i < replies; i++) {
            session.onResponse(OK);
        }
    }
}
