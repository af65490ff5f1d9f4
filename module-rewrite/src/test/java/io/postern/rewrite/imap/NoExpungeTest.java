package io.postern.rewrite.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.rewrite.testkit.FakeSession;
import io.postern.rewrite.testkit.Rewrite;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@code no_expunge}: no message leaves a mailbox, whichever command would remove it. */
class NoExpungeTest {

    private static final Rewrite REWRITE = Rewrite.configure("""
            mail {
              rewrite.imap.no_expunge.archive { groups = [archive], answer = "[NOPERM] Archived mail stays" }
              servers { imap { protocol = imap, listen = "127.0.0.1:143" } }
            }
            """);

    private static ImapFilterHarness archivist() {
        return new ImapFilterHarness(REWRITE.imap(FakeSession.of(REWRITE.config().server("imap"), "ann", "archive"))
                .orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a EXPUNGE", "a UID EXPUNGE 1:*", "a MOVE 1 Trash", "a UID MOVE 1:3 Trash",
            "a STORE 1 +FLAGS (\\Deleted)", "a STORE 1:* +FLAGS.SILENT (\\Seen \\Deleted)",
            "a UID STORE 4 FLAGS (\\Deleted)", "a STORE 1 +FLAGS \\Deleted",
            "a APPEND INBOX (\\Deleted) {3}\r\nabc"})
    void refusesEveryCommandThatRemovesOrMarksForRemoval(String command) {
        assertThat(archivist().client(command)).isEqualTo("ANSWER a NO [NOPERM] Archived mail stays");
    }

    @Test
    void closesWithoutExpungingBySendingUnselect() {
        assertThat(archivist().client("a CLOSE")).isEqualTo("a UNSELECT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a STORE 1 -FLAGS (\\Deleted)", "a STORE 1 +FLAGS (\\Seen)", "a COPY 1 Trash",
            "a UNSELECT", "a APPEND INBOX (\\Seen) {3}\r\nabc", "a DELETE Old"})
    void letsEverythingElseThrough(String command) {
        assertThat(archivist().client(command)).isEqualTo("PASS");
    }

    @Test
    void appliesOnlyToItsAudience() {
        assertThat(REWRITE.imap(FakeSession.of(REWRITE.config().server("imap"), "bob"))).isEmpty();
    }
}
