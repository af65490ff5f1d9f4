package io.postern.log.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.Protocol;
import io.postern.spi.filter.Direction;
import io.postern.spi.filter.ResponseVerdict;
import io.postern.spi.imap.ImapArg;
import io.postern.spi.imap.ImapCommand;
import io.postern.spi.imap.ImapResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImapAuditTest {

    private final AuditHarness h = new AuditHarness(Protocol.IMAP, "bob@localhost");
    private final ImapAudit audit = new ImapAudit(h.trail);
    /** The commands sent, by tag: the core pairs each response with one of them. */
    private final Map<String, ImapCommand> sent = new HashMap<>();

    ImapAuditTest() {
        // The login's reply comes first, paired with no command, and is left out.
        audit.onResponse(null, new ImapResponse.Tagged("l", "OK", Optional.empty(), "logged in"));
    }

    private void command(String tag, String verb, ImapArg... args) {
        ImapCommand command = new ImapCommand(tag, verb, List.of(args));
        sent.put(tag, command);
        audit.onCommand(command);
    }

    private void result(String tag, String status) {
        assertThat(audit.onResponse(sent.get(tag), new ImapResponse.Tagged(tag, status, Optional.empty(),
                verbText(status)))).isSameAs(ResponseVerdict.pass());
    }

    private static String verbText(String status) {
        return status.equals("OK") ? "done" : "failed";
    }

    @Test
    void showsLiteralsInlineOrStreamedAsTheirLengthOnly() {
        String message = "Subject: private plans\r\n\r\nmeet at noon\r\n";
        command("a1", "APPEND", ImapArg.atom("INBOX"), ImapArg.list(ImapArg.atom("\\Seen")),
                ImapArg.quoted("4-Mar-2026 05:06:07 +0000"), ImapArg.Literal.of(message));
        command("a2", "APPEND", ImapArg.atom("Sent"), new ImapArg.Streamed(1_048_576, false));
        audit.onStreamedData(Direction.FROM_CLIENT, ByteBuffer.wrap(message.getBytes(StandardCharsets.US_ASCII)));
        command("a3", "APPEND", ImapArg.atom("Bin"), new ImapArg.Literal(new byte[] {0, 1, 2}, true));
        command("a4", "SEARCH", ImapArg.atom("CHARSET"), ImapArg.atom("UTF-8"), ImapArg.atom("BODY"),
                ImapArg.Literal.of("noon"), ImapArg.atom("SUBJECT"), ImapArg.quoted("say \"hi\""));
        assertThat(h.tails()).containsExactly(
                "\"-\" C a1 APPEND INBOX (\\Seen) \"4-Mar-2026 05:06:07 +0000\" {" + message.length() + "}",
                "\"-\" C a2 APPEND Sent {1048576}",
                "\"-\" C a3 APPEND Bin ~{3}",
                "\"-\" C a4 SEARCH CHARSET UTF-8 BODY {4} SUBJECT \"say \\\"hi\\\"\"");
        assertThat(h.everything()).doesNotContain("private plans").doesNotContain("noon");
    }

    @Test
    void cutsVeryLongArguments() {
        command("a1", "UID FETCH", ImapArg.atom("1:*,".repeat(1000) + "5"), ImapArg.atom("FLAGS"));
        AuditLine.Command line = (AuditLine.Command) h.events.get(0).line();
        assertThat(line.verb()).isEqualTo("UID FETCH");
        assertThat(line.arguments()).hasSize(AuditLine.MAX_ARGUMENTS + AuditLine.CUT.length()).endsWith("...");
    }

    @Test
    void pairsTaggedResultsWithTheirCommandsByTagWithTheTimeTaken() {
        command("a1", "UID FETCH", ImapArg.atom("1:*"), ImapArg.list(ImapArg.atom("FLAGS")));
        h.clock.advance(Duration.ofMillis(5));
        command("a2", "NOOP");
        h.clock.advance(Duration.ofMillis(20));
        audit.onResponse(sent.get("a1"), new ImapResponse.Data(List.of(ImapArg.atom("1"), ImapArg.atom("FETCH"),
                ImapArg.list(ImapArg.atom("FLAGS"), ImapArg.list()))));
        result("a2", "OK");
        h.clock.advance(Duration.ofMillis(1200));
        audit.onResponse(sent.get("a1"), new ImapResponse.Tagged("a1", "OK", Optional.of("HIGHESTMODSEQ 7"),
                "Fetch completed"));
        audit.onResponse(null, new ImapResponse.Tagged("zz", "BAD", Optional.empty(), "unknown tag"));
        assertThat(h.tails()).containsExactly(
                "\"-\" C a1 UID FETCH 1:* (FLAGS)",
                "\"-\" C a2 NOOP",
                "\"-\" S a2 OK 0.020 - \"NOOP\" done",
                "\"-\" S a1 OK 1.225 - \"UID FETCH\" [HIGHESTMODSEQ 7] Fetch completed",
                "\"-\" S zz BAD 0.000 - \"\" unknown tag");
    }

    @Test
    void tracksTheSelectedMailbox() {
        command("a1", "SELECT", ImapArg.atom("INBOX"));
        result("a1", "OK");
        command("a2", "EXAMINE", ImapArg.quoted("Archive 2025"));
        result("a2", "OK");
        command("a3", "CLOSE");
        result("a3", "OK");
        command("a4", "SELECT", ImapArg.Literal.of("Sent"));
        result("a4", "OK");
        command("a5", "UNSELECT");
        result("a5", "NO");
        command("a6", "UNSELECT");
        result("a6", "OK");
        command("a7", "NOOP");
        assertThat(h.events).extracting(e -> e.mailbox().orElse("-")).containsExactly(
                "-", "INBOX", "INBOX", "Archive 2025", "Archive 2025", "-", "-", "Sent", "Sent", "Sent", "Sent", "-",
                "-");
    }

    @Test
    void aFailedSelectDeselectsAndABadOneChangesNothing() {
        command("a1", "SELECT", ImapArg.atom("INBOX"));
        result("a1", "OK");
        command("a2", "SELECT", ImapArg.atom("Nope"));
        result("a2", "BAD");
        command("a3", "FETCH", ImapArg.atom("1"), ImapArg.atom("FLAGS"));
        command("a4", "SELECT", ImapArg.atom("Nope"));
        result("a4", "NO");
        command("a5", "FETCH", ImapArg.atom("1"), ImapArg.atom("FLAGS"));
        assertThat(h.tails()).containsExactly(
                "\"-\" C a1 SELECT INBOX",
                "\"INBOX\" S a1 OK 0.000 - \"SELECT\" done",
                "\"INBOX\" C a2 SELECT Nope",
                "\"INBOX\" S a2 BAD 0.000 - \"SELECT\" failed",
                "\"INBOX\" C a3 FETCH 1 FLAGS",
                "\"INBOX\" C a4 SELECT Nope",
                "\"-\" S a4 NO 0.000 - \"SELECT\" failed",
                "\"-\" C a5 FETCH 1 FLAGS");
    }

    @Test
    void pipelinedSelectsTakeEffectWhenTheirResultsArrive() {
        command("a1", "SELECT", ImapArg.atom("A"));
        command("a2", "SELECT", ImapArg.atom("B"));
        result("a1", "OK");
        result("a2", "OK");
        assertThat(h.events).extracting(e -> e.mailbox().orElse("-")).containsExactly("-", "-", "A", "B");
    }

    @Test
    void countsEveryCommandByVerbButNotUntaggedResponses() {
        command("a1", "NOOP");
        command("a2", "UID FETCH", ImapArg.atom("1"), ImapArg.atom("UID"));
        command("a3", "XYZZY");
        audit.onResponse(sent.get("a1"), new ImapResponse.Status("OK", Optional.empty(), "still here"));
        assertThat(h.verbsCounted).containsExactly("NOOP", "UID FETCH", "XYZZY");
        assertThat(h.events).hasSize(3);
    }
}
