package io.postern.rewrite.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.rewrite.testkit.FakeSession;
import io.postern.rewrite.testkit.Rewrite;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** IMAP {@code deny} rules: by verb, by mailbox, by size, by argument regex, for whom. */
class DenyTest {

    private static final String CONFIG = """
            mail {
              rewrite.imap {
                mailboxes.m { map { Sent = "INBOX.Sent" }, separator = "." }
                deny {
                  keep-inbox  { commands = [DELETE, RENAME], mailboxes = [INBOX], answer = "[CANNOT] INBOX stays" }
                  archive     { mailboxes = ["Archive.*"], commands = [APPEND, DELETE, EXPUNGE, MOVE] }
                  big-appends { commands = [APPEND], larger_than = 1k, answer = "[TOOBIG] Message too large" }
                  read-only   { groups = [readonly], commands = [APPEND, STORE, EXPUNGE, DELETE, MOVE, COPY]
                                answer = "[NOPERM] Read-only account" }
                  no-raw      { commands = [SEARCH], arguments = "(?i)\\\\bX-GM-RAW\\\\b", answer = "Not here" }
                  imaps-only  { servers = [imaps], users = ["*@partner.example"], commands = [CREATE] }
                  off         { commands = [NOOP], enabled = off }
                }
              }
              servers {
                imap  { protocol = imap, listen = "127.0.0.1:143" }
                imaps { protocol = imap, listen = "127.0.0.1:993" }
              }
            }
            """;

    private static final Rewrite REWRITE = Rewrite.configure(CONFIG);

    private static ImapFilterHarness session(String server, String login, String groups) {
        return new ImapFilterHarness(REWRITE.imap(FakeSession.of(REWRITE.config().server(server), login, groups))
                .orElseThrow());
    }

    static Stream<Arguments> matrix() {
        String no = "ANSWER a NO [NOPERM] Read-only account";
        return Stream.of(
                // server, login, groups, command, verdict
                Arguments.of("imap", "alice", "", "a DELETE INBOX", "ANSWER a NO [CANNOT] INBOX stays"),
                Arguments.of("imap", "alice", "", "a DELETE inbox", "ANSWER a NO [CANNOT] INBOX stays"),
                Arguments.of("imap", "alice", "", "a DELETE \"&AEkATgBCAE8AWA-\"", "ANSWER a NO [CANNOT] INBOX stays"),
                Arguments.of("imap", "alice", "", "a RENAME INBOX Old", "ANSWER a NO [CANNOT] INBOX stays"),
                Arguments.of("imap", "alice", "", "a DELETE Work", "PASS"),
                Arguments.of("imap", "alice", "", "a SELECT INBOX", "PASS"),
                Arguments.of("imap", "alice", "", "a APPEND Archive.2019 {3}\r\nabc", "ANSWER a NO [NOPERM] Not allowed"),
                Arguments.of("imap", "alice", "", "a MOVE 1 Archive.2019", "ANSWER a NO [NOPERM] Not allowed"),
                Arguments.of("imap", "alice", "", "a UID MOVE 1 Archive.2019.Q1", "ANSWER a NO [NOPERM] Not allowed"),
                Arguments.of("imap", "alice", "", "a COPY 1 Archive.2019", "PASS"),
                Arguments.of("imap", "alice", "", "a APPEND Archive {3}\r\nabc", "PASS"),
                Arguments.of("imap", "alice", "", "a APPEND Sent {2000}", "ANSWER a NO [TOOBIG] Message too large"),
                Arguments.of("imap", "alice", "", "a APPEND Sent (\\Seen) {1024}", "a APPEND INBOX.Sent (\\Seen) {1024}"),
                Arguments.of("imap", "alice", "", "a SEARCH x-gm-raw \"has:attachment\"", "ANSWER a NO Not here"),
                Arguments.of("imap", "alice", "", "a SEARCH SUBJECT raw", "PASS"),
                Arguments.of("imap", "alice", "", "a NOOP", "PASS"),
                Arguments.of("imap", "carol", "readonly", "a EXPUNGE", no),
                Arguments.of("imap", "carol", "readonly", "a UID EXPUNGE 4", no),
                Arguments.of("imap", "carol", "readonly", "a STORE 1 +FLAGS (\\Deleted)", no),
                Arguments.of("imap", "carol", "readonly", "a UID COPY 1 Sent", no),
                Arguments.of("imap", "carol", "readonly", "a FETCH 1 BODY.PEEK[]", "PASS"),
                Arguments.of("imap", "carol", "staff", "a EXPUNGE", "PASS"),
                Arguments.of("imap", "bob@partner.example", "", "a CREATE x", "PASS"),
                Arguments.of("imaps", "bob@partner.example", "", "a CREATE x", "ANSWER a NO [NOPERM] Not allowed"),
                Arguments.of("imaps", "alice", "", "a CREATE x", "PASS"));
    }

    @ParameterizedTest(name = "{0} {1} ({2}): {3} -> {4}")
    @MethodSource("matrix")
    void refusesWhatTheRulesForTheSessionDeny(String server, String login, String groups, String command,
                                               String verdict) {
        assertThat(session(server, login, groups).client(command)).isEqualTo(verdict);
    }

    @Test
    void checksTheNamesTheClientWroteBeforeTheyAreMapped() {
        Rewrite rewrite = Rewrite.configure("""
                mail {
                  rewrite.imap {
                    mailboxes.m { map { Sent = "INBOX.Sent" }, separator = "." }
                    deny.sent { commands = [DELETE], mailboxes = [Sent] }
                  }
                  servers.imap { protocol = imap, listen = "127.0.0.1:143" }
                }
                """);
        ImapFilterHarness session = new ImapFilterHarness(rewrite.imap("imap", "alice"));
        assertThat(session.client("a DELETE Sent")).isEqualTo("ANSWER a NO [NOPERM] Not allowed");
        assertThat(session.client("a DELETE INBOX.Sent")).isEqualTo("PASS");
    }
}
