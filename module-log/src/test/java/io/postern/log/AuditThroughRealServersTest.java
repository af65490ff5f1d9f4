package io.postern.log;

import static io.postern.log.TestSupport.await;
import static io.postern.log.TestSupport.loaded;
import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.AuthDecision;
import io.postern.spi.Credentials;
import io.postern.spi.UpstreamAddress;
import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.pop3.Pop3Command;
import io.postern.spi.pop3.Pop3Filter;
import io.postern.spi.pop3.Pop3Response;
import io.postern.testing.FilterModule;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import io.postern.testing.upstreams.MailServers;
import io.postern.testing.upstreams.MailUser;
import io.postern.testing.upstreams.RealMailServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log against real Dovecot and Postfix (the two defects of issue 14 that the core's
 * pairing fixed): a POP3 DELE refused by a filter placed after the audit is written with that
 * refusal, and Dovecot's answer to the next command with that command; an SMTP transaction's
 * 354 and final reply from Postfix are written with DATA, not with the last RCPT.
 */
@RealMailServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditThroughRealServersTest {

    private final MailServers servers;
    private Path dir;
    private PosternFixture postern;

    AuditThroughRealServersTest(MailServers servers) {
        this.servers = servers;
    }

    @BeforeAll
    void startPostern(@TempDir Path dir) throws Exception {
        this.dir = dir;
        Pop3Filter noDelete = new Pop3Filter() {
            @Override
            public CommandVerdict<Pop3Command, Pop3Response> onCommand(Pop3Command command) {
                return command.verb().equals("DELE") ? CommandVerdict.answer(Pop3Response.err("deleting is disabled"))
                        : CommandVerdict.pass();
            }
        };
        postern = PosternFixture.start(dir, """
                mail {
                  pop3_auth = [plain]
                  smtp_auth = [plain, login]
                  xclient = on
                  audit_log = "logs/audit.log"
                  servers {
                    pop3 { protocol = pop3, listen = "127.0.0.1:0" }
                    smtp { protocol = smtp, listen = "127.0.0.1:0" }
                  }
                }
                """, loaded(new LogModule()), FilterModule.of(context -> context.addPop3Filter("no-delete",
                session -> Optional.of(noDelete))), StaticAuthModule.of(request -> {
                    boolean known = request.credentials() instanceof Credentials.Plain plain && servers.users().stream()
                            .anyMatch(u -> u.name().equals(plain.user()) && u.password().equals(plain.password()));
                    UpstreamAddress upstream = switch (request.session().protocol()) {
                        case POP3 -> servers.pop3();
                        default -> servers.smtp();
                    };
                    return StaticAuthModule.answer(known ? new AuthDecision.Accepted(Optional.empty(),
                            Optional.empty(), Optional.of(upstream), Map.of())
                            : AuthDecision.rejected("Authentication failed"));
                }));
    }

    @AfterAll
    void stopPostern() {
        if (postern != null) {
            postern.close();
        }
    }

    /** The audit lines of {@code user}'s sessions from the client's or server's field on, once {@code until} is written. */
    private List<String> tails(MailUser user, String until) throws InterruptedException {
        Path file = dir.resolve("logs/audit.log");
        await(until + " in the audit log", () -> TestSupport.lines(file).stream()
                .anyMatch(l -> l.contains(user.name()) && l.contains(until)));
        return TestSupport.lines(file).stream().filter(l -> l.contains(user.name()))
                .map(l -> l.substring(l.indexOf("\" \"-\" ") + 2)).toList();
    }

    @Test
    void aDeleRefusedByALaterFilterIsAuditedWithItsRefusalAndDovecotsNextAnswerWithItsCommand() throws Exception {
        MailUser user = servers.user(0);
        try (ScriptClient c = new ScriptClient(postern.address(0))) {
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
                    """.formatted(user.name(), user.password()));
        }
        assertThat(tails(user, "\"QUIT\""))
                .anySatisfy(l -> assertThat(l).matches("\"-\" S - -ERR \\d+\\.\\d{3} - \"DELE\" deleting is disabled"))
                .anySatisfy(l -> assertThat(l).matches("\"-\" S - \\+OK \\d+\\.\\d{3} - \"NOOP\".*"))
                .noneSatisfy(l -> assertThat(l).matches("\"-\" S - \\+OK .* \"DELE\".*"));
    }

    @Test
    void postfixsReplyToTheMessageIsAuditedWithData() throws Exception {
        MailUser sender = servers.user(1);
        MailUser recipient = servers.user(2);
        String plain = Base64.getEncoder().encodeToString(("\0" + sender.name() + "\0" + sender.password())
                .getBytes(StandardCharsets.UTF_8));
        try (ScriptClient c = new ScriptClient(postern.address(1))) {
            c.run("""
                    S: 220 .*
                    C: EHLO client.test
                    """);
            // Postern's own EHLO reply, however many capability lines it has.
            String line = c.readLine();
            while (line.startsWith("250-")) {
                line = c.readLine();
            }
            assertThat(line).startsWith("250 ");
            c.run("""
                    C: AUTH PLAIN %s
                    S: 235 .*
                    C: MAIL FROM:<%s>
                    S: 250 .*
                    C: RCPT TO:<%s>
                    S: 250 .*
                    C: DATA
                    S: 354 .*
                    C: Subject: audited
                    C:
                    C: through Postfix
                    C: .
                    S: 250 .*
                    C: QUIT
                    S: 221 .*
                    """.formatted(plain, sender.address(), recipient.address()));
        }
        assertThat(tails(sender, "\"QUIT\""))
                .anySatisfy(l -> assertThat(l).matches("\"-\" S - 250 \\d+\\.\\d{3} - \"RCPT\" .*"))
                .anySatisfy(l -> assertThat(l).matches("\"-\" S - 354 \\d+\\.\\d{3} - \"DATA\" .*"))
                .anySatisfy(l -> assertThat(l).matches("\"-\" S - 250 \\d+\\.\\d{3} \\d+ \"DATA\" .*"))
                .noneSatisfy(l -> assertThat(l).matches("\"-\" S - (354|250 \\S+ \\d+) .*\"RCPT\".*"));
    }
}
