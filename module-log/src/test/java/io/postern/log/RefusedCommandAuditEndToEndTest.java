package io.postern.log;

import static io.postern.log.TestSupport.PASSWORD;
import static io.postern.log.TestSupport.USER;
import static io.postern.log.TestSupport.await;
import static io.postern.log.TestSupport.loaded;
import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.AuthDecision;
import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.pop3.Pop3Command;
import io.postern.spi.pop3.Pop3Filter;
import io.postern.spi.pop3.Pop3Response;
import io.postern.testing.FilterModule;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit, first in the POP3 filter phase, of a session whose later filter refuses DELE: the
 * refusal is written with its DELE, and the next command with the server's own answer (before
 * SPI 1.4 the audit never saw the refusal and paired the server's answer to NOOP with DELE).
 */
class RefusedCommandAuditEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void aRefusedDeleIsAuditedWithItsRefusalAndTheNextCommandWithItsOwnAnswer() throws Exception {
        Pop3Filter noDelete = new Pop3Filter() {
            @Override
            public CommandVerdict<Pop3Command, Pop3Response> onCommand(Pop3Command command) {
                return command.verb().equals("DELE") ? CommandVerdict.answer(Pop3Response.err("deleting is disabled"))
                        : CommandVerdict.pass();
            }
        };
        try (TestSupport.Upstream upstream = new TestSupport.Upstream();
             PosternFixture postern = PosternFixture.start(dir, """
                     mail {
                       audit_log = "logs/audit.log"
                       servers.pop3 { protocol = pop3, listen = "127.0.0.1:0" }
                     }
                     """, loaded(new LogModule()), FilterModule.of(context -> context.addPop3Filter("no-delete",
                     session -> Optional.of(noDelete))),
                     StaticAuthModule.of(StaticAuthModule.users(Map.of(USER, PASSWORD),
                             AuthDecision.acceptedTo(upstream.pop3Address()))))) {
            try (ScriptClient c = new ScriptClient(postern.address())) {
                c.run("""
                        S: \\+OK.*
                        C: USER %s
                        S: \\+OK.*
                        C: PASS %s
                        S: \\+OK.*
                        C: DELE 1
                        S: -ERR deleting is disabled
                        C: NOOP
                        S: \\+OK.*
                        C: QUIT
                        S: \\+OK.*
                        """.formatted(USER, PASSWORD));
            }
            Path file = dir.resolve("logs/audit.log");
            await("QUIT's answer in the audit log", () -> TestSupport.lines(file).stream()
                    .anyMatch(l -> l.contains("\"QUIT\"")));
            List<String> tails = TestSupport.lines(file).stream().map(l -> l.substring(l.indexOf("\" \"-\" ") + 2))
                    .toList();
            assertThat(tails).anySatisfy(l -> assertThat(l).matches("\"-\" S - -ERR \\d+\\.\\d{3} - \"DELE\" deleting is disabled"))
                    .anySatisfy(l -> assertThat(l).matches("\"-\" S - \\+OK \\d+\\.\\d{3} - \"NOOP\".*"))
                    .noneSatisfy(l -> assertThat(l).matches("\"-\" S - \\+OK .* \"DELE\".*"));
        }
    }
}
