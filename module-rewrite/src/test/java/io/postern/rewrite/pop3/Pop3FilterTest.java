package io.postern.rewrite.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.rewrite.testkit.FakeSession;
import io.postern.rewrite.testkit.Rewrite;
import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.filter.ResponseVerdict;
import io.postern.spi.pop3.Pop3Command;
import io.postern.spi.pop3.Pop3Filter;
import io.postern.spi.pop3.Pop3Response;
import java.util.List;
import org.junit.jupiter.api.Test;

/** POP3: deny rules, CAPA editing, regex rewriting, answers paired with their commands. */
class Pop3FilterTest {

    private static final Rewrite REWRITE = Rewrite.configure("""
            mail {
              rewrite.pop3 {
                deny {
                  no-dele { groups = [readonly], commands = [DELE], answer = "Read-only mailbox" }
                  no-top  { commands = [TOP], arguments = "^\\\\d+ [1-9]\\\\d{4,}$" }
                }
                capabilities.caps { remove = [UIDL, "SASL"], add = ["X-POSTERN", "EXPIRE NEVER"] }
                regex.banner { target = response, commands = [STAT], match = "^(\\\\d+) (\\\\d+)$", replace = "$1 $2" }
                regex.impl { target = response, commands = [CAPA], match = "^IMPLEMENTATION .*", replace = "IMPLEMENTATION Postern" }
              }
              servers.pop3 { protocol = pop3, listen = "127.0.0.1:110" }
            }
            """);

    private static Pop3Command command(String verb, String... args) {
        return new Pop3Command(verb, List.of(args));
    }

    private static Pop3Response capa(String... lines) {
        return new Pop3Response(true, "Capability list follows", Pop3Response.Body.LINES, List.of(lines));
    }

    @Test
    void refusesDeleForAReadOnlyGroupOnly() {
        Pop3Filter readOnly = REWRITE.pop3(FakeSession.of(REWRITE.config().server("pop3"), "carol", "readonly"))
                .orElseThrow();
        assertThat(readOnly.onCommand(command("DELE", "1")))
                .isEqualTo(CommandVerdict.answer(Pop3Response.err("Read-only mailbox")));
        assertThat(readOnly.onCommand(command("RETR", "1"))).isSameAs(CommandVerdict.pass());

        Pop3Filter other = REWRITE.pop3("pop3", "alice");
        assertThat(other.onCommand(command("DELE", "1"))).isSameAs(CommandVerdict.pass());
    }

    @Test
    void refusesByArgumentRegexWithTheDefaultAnswer() {
        Pop3Filter session = REWRITE.pop3("pop3", "alice");
        assertThat(session.onCommand(command("TOP", "1", "100000")))
                .isEqualTo(CommandVerdict.answer(Pop3Response.err("Not allowed")));
        assertThat(session.onCommand(command("TOP", "1", "10"))).isSameAs(CommandVerdict.pass());
    }

    @Test
    void editsTheAnswerToCapaOnlyAndPairsAnswersAcrossRefusedCommands() {
        Pop3Filter session = REWRITE.pop3("pop3", "alice");
        session.onCommand(command("STAT"));
        session.onCommand(command("TOP", "1", "100000")); // refused here: no answer expected from the server
        session.onCommand(command("CAPA"));

        assertThat(session.onResponse(Pop3Response.ok("2 320"))).isSameAs(ResponseVerdict.pass());
        assertThat(session.onResponse(capa("TOP", "UIDL", "SASL PLAIN LOGIN", "USER", "IMPLEMENTATION Dovecot")))
                .isEqualTo(ResponseVerdict.replace(capa("TOP", "USER", "IMPLEMENTATION Postern", "X-POSTERN",
                        "EXPIRE NEVER")));

        session.onCommand(command("LIST"));
        Pop3Response list = new Pop3Response(true, "2 messages", Pop3Response.Body.LINES, List.of("1 120", "2 200"));
        assertThat(session.onResponse(list)).isSameAs(ResponseVerdict.pass());
    }

    @Test
    void leavesAnErrToCapaAlone() {
        Pop3Filter session = REWRITE.pop3("pop3", "alice");
        session.onCommand(command("CAPA"));
        assertThat(session.onResponse(Pop3Response.err("no"))).isSameAs(ResponseVerdict.pass());
    }

    @Test
    void rewritesCommandArguments() {
        Pop3Filter session = Rewrite.configure("""
                mail {
                  rewrite.pop3.regex.r { commands = [UIDL], match = "^0+(\\\\d)", replace = "$1" }
                  servers.pop3 { protocol = pop3, listen = "127.0.0.1:110" }
                }
                """).pop3("pop3", "alice");
        assertThat(session.onCommand(command("UIDL", "007")))
                .isEqualTo(CommandVerdict.replace(command("UIDL", "7")));
        assertThat(session.onCommand(command("UIDL", "7"))).isSameAs(CommandVerdict.pass());
    }
}
