package io.postern.log.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.Protocol;
import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.filter.Direction;
import io.postern.spi.imap.ImapArg;
import io.postern.spi.imap.ImapCommand;
import io.postern.spi.imap.ImapResponse;
import io.postern.spi.pop3.Pop3Command;
import io.postern.spi.pop3.Pop3Response;
import io.postern.spi.smtp.SmtpCommand;
import io.postern.spi.smtp.SmtpReply;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** No credential a client sends after login reaches an audit line, in either format. */
class RedactionTest {

    private static final String SECRET = "s3cret";
    private static final String PLAIN = Base64.getEncoder()
            .encodeToString(("\0alice\0" + SECRET).getBytes(StandardCharsets.US_ASCII));
    private static final String USER_B64 = Base64.getEncoder()
            .encodeToString("alice".getBytes(StandardCharsets.US_ASCII));
    private static final String SECRET_B64 = Base64.getEncoder()
            .encodeToString(SECRET.getBytes(StandardCharsets.US_ASCII));

    private static ImapCommand imap(String tag, String verb, ImapArg... args) {
        return new ImapCommand(tag, verb, List.of(args));
    }

    private static ImapResponse ok(String tag) {
        return new ImapResponse.Tagged(tag, "OK", Optional.empty(), "done");
    }

    private static void assertNoSecret(AuditHarness h, String... secrets) {
        String written = h.everything();
        assertThat(written).isNotEmpty().contains(AuditLine.REDACTED);
        for (String secret : secrets) {
            assertThat(written).doesNotContainIgnoringCase(secret);
        }
    }

    @Test
    void imapLoginArgumentsAreRedactedInEveryForm() {
        AuditHarness h = new AuditHarness(Protocol.IMAP, "alice");
        ImapAudit audit = new ImapAudit(h.trail);
        ImapCommand login = imap("a1", "LOGIN", ImapArg.atom("alice"), ImapArg.atom(SECRET));
        assertThat(audit.onCommand(login)).isSameAs(CommandVerdict.pass());
        audit.onResponse(login, ok("a1"));
        audit.onCommand(imap("a2", "login", ImapArg.quoted("alice"), ImapArg.quoted(SECRET)));
        audit.onCommand(imap("a3", "LOGIN", ImapArg.Literal.of("alice"), ImapArg.Literal.of(SECRET)));
        audit.onCommand(imap("a4", "LOGIN", ImapArg.atom("alice"), new ImapArg.Streamed(6, false)));
        assertNoSecret(h, SECRET);
        assertThat(h.tails()).first().isEqualTo("\"-\" C a1 LOGIN <redacted>");
        assertThat(h.tails()).element(2).isEqualTo("\"-\" C a2 LOGIN <redacted>");
    }

    @Test
    void imapAuthenticateWithAnInitialResponseIsRedacted() {
        AuditHarness h = new AuditHarness(Protocol.IMAP, "alice");
        ImapAudit audit = new ImapAudit(h.trail);
        ImapCommand authenticate = imap("a1", "AUTHENTICATE", ImapArg.atom("PLAIN"), ImapArg.atom(PLAIN));
        audit.onCommand(authenticate);
        audit.onResponse(authenticate, new ImapResponse.Continuation(""));
        // Should the core ever frame a SASL line as a command, it is not shown either.
        audit.onCommand(imap(SECRET_B64, "X"));
        audit.onResponse(authenticate, new ImapResponse.Tagged("a1", "NO", Optional.empty(), "already authenticated"));
        audit.onCommand(imap("a2", "NOOP"));
        assertNoSecret(h, SECRET, PLAIN, SECRET_B64);
        assertThat(h.tails()).containsExactly(
                "\"-\" C a1 AUTHENTICATE <redacted>",
                "\"-\" C - <redacted>",
                "\"-\" S a1 NO 0.000 - \"AUTHENTICATE\" already authenticated",
                "\"-\" C a2 NOOP");
        assertThat(h.verbsCounted).containsExactly("AUTHENTICATE", "NOOP");
    }

    @Test
    void pop3UserPassApopAndAuthAreRedacted() {
        AuditHarness h = new AuditHarness(Protocol.POP3, "alice");
        Pop3Audit audit = new Pop3Audit(h.trail);
        for (Pop3Command command : List.of(new Pop3Command("USER", List.of("alice")),
                new Pop3Command("PASS", List.of(SECRET)),
                new Pop3Command("APOP", List.of("alice", "c4c9334bac560ecc979e58001b3e22fb")),
                new Pop3Command("AUTH", List.of("PLAIN", PLAIN)))) {
            audit.onCommand(command);
            audit.onResponse(command, Pop3Response.err("no"));
        }
        audit.onCommand(new Pop3Command("STAT", List.of()));
        assertNoSecret(h, SECRET, PLAIN, "alice ", "c4c9334bac560ecc979e58001b3e22fb");
        assertThat(h.tails()).element(2).isEqualTo("\"-\" C - PASS <redacted>");
        assertThat(h.tails()).last().isEqualTo("\"-\" C - STAT");
    }

    @Test
    void pop3SaslResponsesAndBareUnknownLinesAreNotShown() {
        AuditHarness h = new AuditHarness(Protocol.POP3, "alice");
        Pop3Audit audit = new Pop3Audit(h.trail);
        Pop3Command auth = new Pop3Command("AUTH", List.of("LOGIN"));
        audit.onCommand(auth);
        // A SASL response while AUTH waits, then a password typed at the wrong prompt.
        Pop3Command saslLine = new Pop3Command(USER_B64, List.of());
        audit.onCommand(saslLine);
        audit.onResponse(auth, Pop3Response.err("no"));
        audit.onCommand(new Pop3Command(SECRET, List.of()));
        audit.onResponse(saslLine, Pop3Response.err("unknown command"));
        assertNoSecret(h, USER_B64, SECRET);
        assertThat(h.tails()).containsExactly(
                "\"-\" C - AUTH <redacted>",
                "\"-\" C - <redacted>",
                "\"-\" S - -ERR 0.000 - \"AUTH\" no",
                "\"-\" C - <redacted>",
                "\"-\" S - -ERR 0.000 - \"\" unknown command");
        assertThat(h.verbsCounted).containsExactly("AUTH", "");
    }

    @Test
    void smtpAuthPlainAndTheWholeAuthLoginExchangeAreRedacted() {
        AuditHarness h = new AuditHarness(Protocol.SMTP, "alice");
        SmtpAudit audit = new SmtpAudit(h.trail);
        SmtpCommand plain = new SmtpCommand("AUTH", "PLAIN " + PLAIN);
        audit.onCommand(plain);
        audit.onResponse(plain, SmtpReply.of(503, "5.5.1 Error: already authenticated"));
        SmtpCommand login = new SmtpCommand("AUTH", "LOGIN");
        audit.onCommand(login);
        audit.onResponse(login, SmtpReply.of(334, "VXNlcm5hbWU6"));
        audit.onCommand(new SmtpCommand(USER_B64, ""));
        audit.onResponse(login, SmtpReply.of(334, "UGFzc3dvcmQ6"));
        audit.onCommand(new SmtpCommand(SECRET_B64, ""));
        audit.onStreamedData(Direction.FROM_CLIENT, ByteBuffer.wrap(SECRET.getBytes(StandardCharsets.US_ASCII)));
        audit.onResponse(login, SmtpReply.of(535, "5.7.8 Authentication failed"));
        audit.onCommand(new SmtpCommand("NOOP", ""));
        assertNoSecret(h, SECRET, PLAIN, USER_B64, SECRET_B64, "VXNlcm5hbWU6");
        assertThat(h.tails()).containsExactly(
                "\"-\" C - AUTH <redacted>",
                "\"-\" S - 503 0.000 - \"AUTH\" 5.5.1 Error: already authenticated",
                "\"-\" C - AUTH <redacted>",
                "\"-\" S - 334 0.000 - \"AUTH\" <redacted>",
                "\"-\" C - <redacted>",
                "\"-\" S - 334 0.000 - \"AUTH\" <redacted>",
                "\"-\" C - <redacted>",
                "\"-\" S - 535 0.000 - \"AUTH\" 5.7.8 Authentication failed",
                "\"-\" C - NOOP");
        assertThat(h.verbsCounted).containsExactly("AUTH", "AUTH", "NOOP");
    }

    @Test
    void aSessionThatIsOnlyCountedRendersNothing() {
        List<String> counted = new java.util.ArrayList<>();
        AuditTrail trail = new AuditTrail(AuditedSession.of(AuditHarness.FakeSession.of(Protocol.IMAP, "alice")),
                AuditRecorder.NONE, counted::add, new AuditHarness.TestClock());
        ImapAudit audit = new ImapAudit(trail);
        ImapCommand login = imap("a1", "LOGIN", ImapArg.atom("alice"), ImapArg.atom(SECRET));
        audit.onCommand(login);
        audit.onResponse(login, ok("a1"));
        assertThat(counted).containsExactly("LOGIN");
    }
}
