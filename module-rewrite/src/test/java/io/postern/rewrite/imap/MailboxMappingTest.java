package io.postern.rewrite.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.rewrite.testkit.FakeSession;
import io.postern.rewrite.testkit.Rewrite;
import io.postern.spi.imap.ImapHierarchy;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code mailboxes} rules: the client's Sent is the server's INBOX.Sent, in every command and response. */
class MailboxMappingTest {

    private static final String CONFIG = """
            mail {
              rewrite.imap.mailboxes.folders {
                map { Sent = "INBOX.Sent", Drafts = "INBOX.Drafts", "Deleted Items" = "INBOX.Trash"
                      "Envoy\u00e9s" = "INBOX.Sent Items" }
                separator = "."
              }
              servers { imap { protocol = imap, listen = "127.0.0.1:143" } }
            }
            """;

    private ImapFilterHarness session;

    @BeforeEach
    void open() {
        session = new ImapFilterHarness(Rewrite.configure(CONFIG).imap("imap", "alice"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a SELECT Sent|a SELECT INBOX.Sent",
        "a SELECT \"Sent\"|a SELECT \"INBOX.Sent\"",
        "a EXAMINE Sent (CONDSTORE)|a EXAMINE INBOX.Sent (CONDSTORE)",
        "a CREATE Sent.2024|a CREATE INBOX.Sent.2024",
        "a DELETE Drafts|a DELETE INBOX.Drafts",
        "a SUBSCRIBE Sent|a SUBSCRIBE INBOX.Sent",
        "a UNSUBSCRIBE Sent|a UNSUBSCRIBE INBOX.Sent",
        "a STATUS Sent (MESSAGES UNSEEN)|a STATUS INBOX.Sent (MESSAGES UNSEEN)",
        "a RENAME Sent Drafts|a RENAME INBOX.Sent INBOX.Drafts",
        "a RENAME \"Deleted Items\" Old|a RENAME \"INBOX.Trash\" Old",
        "a RENAME Work Sent.Work|a RENAME Work INBOX.Sent.Work",
        "a COPY 1:3 Sent|a COPY 1:3 INBOX.Sent",
        "a MOVE 2 \"Deleted Items\"|a MOVE 2 \"INBOX.Trash\"",
        "a UID COPY 7:9 Sent|a UID COPY 7:9 INBOX.Sent",
        "a UID MOVE 7 Drafts|a UID MOVE 7 INBOX.Drafts",
        "a GETQUOTAROOT Sent|a GETQUOTAROOT INBOX.Sent",
        "a GETACL Sent|a GETACL INBOX.Sent",
        "a SETACL Sent bob lrs|a SETACL INBOX.Sent bob lrs",
        "a DELETEACL Sent bob|a DELETEACL INBOX.Sent bob",
        "a MYRIGHTS Sent|a MYRIGHTS INBOX.Sent",
        "a LISTRIGHTS Sent bob|a LISTRIGHTS INBOX.Sent bob",
        "a GETMETADATA (DEPTH 1) Sent /private/comment|a GETMETADATA (DEPTH 1) INBOX.Sent /private/comment",
        "a GETMETADATA Sent /private/comment|a GETMETADATA INBOX.Sent /private/comment",
        "a SETMETADATA Sent (/private/comment \"x\")|a SETMETADATA INBOX.Sent (/private/comment \"x\")",
        "a SELECT \"Envoy&AOk-s\"|a SELECT \"INBOX.Sent Items\"",
        "a SELECT \"Deleted Items.2019\"|a SELECT \"INBOX.Trash.2019\"",
    })
    void translatesTheMailboxArgumentsOfCommands(String client, String server) {
        assertThat(session.client(client)).isEqualTo(server);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a SELECT INBOX", "a SELECT inbox", "a SELECT Work", "a SELECT Sentinel", "a FETCH 1:* (FLAGS)",
        "a COPY 1 Work", "a NOOP", "a SELECT \"caf\u00e9\"", "a SELECT \"&AFM-ent\"",
    })
    void leavesOtherCommandsAsTheyCame(String line) {
        assertThat(session.client(line)).isEqualTo("PASS");
    }

    @Test
    void keepsAStreamedMessageAsTheLastArgumentOfAppend() {
        assertThat(session.client("a APPEND Sent (\\Seen) {50000000}"))
                .isEqualTo("a APPEND INBOX.Sent (\\Seen) {50000000}");
        assertThat(session.client("a APPEND \"Drafts\" {5}\r\nhello")).isEqualTo("a APPEND \"INBOX.Drafts\" {5}\r\nhello");
    }

    @Test
    void keepsALiteralNameALiteral() {
        assertThat(session.client("a SELECT {4}\r\nSent")).isEqualTo("a SELECT {10}\r\nINBOX.Sent");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "* LIST (\\HasNoChildren) \".\" INBOX.Sent|* LIST (\\HasNoChildren) \".\" Sent",
        "* LIST (\\HasNoChildren) \".\" INBOX.Sent.2024|* LIST (\\HasNoChildren) \".\" Sent.2024",
        "* LIST (\\HasNoChildren \\Trash) \".\" \"INBOX.Trash\"|* LIST (\\HasNoChildren \\Trash) \".\" \"Deleted Items\"",
        "* LIST () \".\" \"INBOX.Sent Items\"|* LIST () \".\" \"Envoy&AOk-s\"",
        "* LSUB () \".\" INBOX.Drafts|* LSUB () \".\" Drafts",
        "* STATUS INBOX.Sent (MESSAGES 3 UNSEEN 1)|* STATUS Sent (MESSAGES 3 UNSEEN 1)",
        "* QUOTAROOT INBOX.Sent \"\"|* QUOTAROOT Sent \"\"",
        "* ACL INBOX.Sent alice lrswipkxtecda|* ACL Sent alice lrswipkxtecda",
        "* MYRIGHTS INBOX.Sent lrs|* MYRIGHTS Sent lrs",
        "* LISTRIGHTS INBOX.Sent bob \"\" l r|* LISTRIGHTS Sent bob \"\" l r",
        "* METADATA INBOX.Sent (/private/comment \"x\")|* METADATA Sent (/private/comment \"x\")",
        "* LIST () \".\" INBOX.Sent (\"OLDNAME\" (INBOX.Drafts))|* LIST () \".\" Sent (\"OLDNAME\" (Drafts))",
        // the server's own Sent cannot be reached: the client's Sent is INBOX.Sent
        "* LIST () \".\" Sent|DROP",
    })
    void translatesNamesBackInResponses(String server, String client) {
        assertThat(session.server(server)).isEqualTo(client);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "* LIST (\\HasChildren) \".\" INBOX", "* LIST () \".\" Work", "* 3 EXISTS", "* OK [UIDNEXT 4] Predicted",
        "* 1 FETCH (FLAGS (\\Seen))", "a OK SELECT completed",
    })
    void leavesOtherResponsesAsTheyCame(String line) {
        assertThat(session.server(line)).isEqualTo("PASS");
    }

    @Test
    void spellsNamesInUtf8OnceTheServerEnabledUtf8Accept() {
        assertThat(session.client("a SELECT \"Envoy\u00e9s\"")).as("not modified UTF-7: left alone").isEqualTo("PASS");
        assertThat(session.client("e ENABLE UTF8=ACCEPT")).isEqualTo("PASS");
        assertThat(session.server("* ENABLED UTF8=ACCEPT")).isEqualTo("PASS");
        assertThat(session.server("e OK ENABLE completed")).isEqualTo("PASS");

        assertThat(session.client("b SELECT \"Envoy\u00e9s\"")).isEqualTo("b SELECT \"INBOX.Sent Items\"");
        assertThat(session.server("* LIST () \".\" \"INBOX.Sent Items\"")).isEqualTo("* LIST () \".\" \"Envoy\u00e9s\"");
        assertThat(session.server("* STATUS {16}\r\nINBOX.Sent Items (MESSAGES 1)"))
                .isEqualTo("* STATUS {8}\r\nEnvoy\u00e9s (MESSAGES 1)");
    }

    @Test
    void takesImap4rev2AsUtf8Too() {
        session.server("* ENABLED IMAP4rev2");
        assertThat(session.client("b DELETE \"Envoy\u00e9s\"")).isEqualTo("b DELETE \"INBOX.Sent Items\"");
    }

    @Test
    void translatesTheLiteralDirectoryOfAPatternAndNamesBelowIt() {
        assertThat(session.client("a LIST \"\" Sent.*")).isEqualTo("a LIST \"\" INBOX.Sent.*");
        assertThat(session.server("* LIST () \".\" INBOX.Sent.2024")).isEqualTo("* LIST () \".\" Sent.2024");
        assertThat(session.client("b LIST Sent. %")).isEqualTo("b LIST \"\" INBOX.Sent.%");
        assertThat(session.client("c LSUB \"\" Sent")).isEqualTo("c LSUB \"\" INBOX.Sent");
    }

    @Test
    void widensAPatternWithoutLiteralDirectoryAndDropsNamesTheClientDidNotAskFor() {
        assertThat(session.client("a LIST \"\" %")).isEqualTo("a LIST \"\" *");
        assertThat(session.server("* LIST (\\HasChildren) \".\" INBOX")).isEqualTo("PASS");
        assertThat(session.server("* LIST (\\HasChildren) \".\" INBOX.Sent")).isEqualTo("* LIST (\\HasChildren) \".\" Sent");
        assertThat(session.server("* LIST () \".\" INBOX.Sent.2024")).isEqualTo("DROP");
        assertThat(session.server("* LIST () \".\" INBOX.Archive")).isEqualTo("DROP");
        assertThat(session.server("* LIST () \".\" Work")).isEqualTo("PASS");
        assertThat(session.server("* LIST () \".\" Work.Q1")).isEqualTo("DROP");
        assertThat(session.server("a OK LIST completed")).isEqualTo("PASS");
        assertThat(session.server("* LIST () \".\" Work.Q1")).as("unsolicited: nobody's pattern").isEqualTo("PASS");
    }

    @Test
    void keepsTheNamesOfEveryOpenListWhenListsArePipelined() {
        session.client("a LIST \"\" %");
        session.client("b LIST \"\" Work.*");
        assertThat(session.server("* LIST () \".\" Work.Q1")).isEqualTo("PASS");
        session.server("b OK done");
        assertThat(session.server("* LIST () \".\" Work.Q1")).isEqualTo("DROP");
    }

    @Test
    void translatesEachPatternOfAnExtendedList() {
        assertThat(session.client("a LIST (SUBSCRIBED) \"\" (Sent Drafts) RETURN (CHILDREN)"))
                .isEqualTo("a LIST (SUBSCRIBED) \"\" (INBOX.Sent INBOX.Drafts) RETURN (CHILDREN)");
    }

    @Test
    void leavesTheSeparatorQueryAlone() {
        assertThat(session.client("a LIST \"\" \"\"")).isEqualTo("PASS");
        assertThat(session.server("* LIST (\\Noselect) \".\" \"\"")).isEqualTo("PASS");
    }

    private static ImapFilterHarness unconfigured(Optional<ImapHierarchy> hierarchy) {
        Rewrite rewrite = Rewrite.configure("""
                mail {
                  rewrite.imap.mailboxes.m.map { Sent = "INBOX/Sent" }
                  servers { imap { protocol = imap, listen = "127.0.0.1:143" } }
                }
                """);
        FakeSession session = FakeSession.of(rewrite.config().server("imap"), "alice");
        return new ImapFilterHarness(rewrite.imap(hierarchy.map(session::withHierarchy).orElse(session)).orElseThrow());
    }

    @Test
    void mapsChildrenFromTheFirstCommandWithTheSeparatorTheCoreLearnt() {
        ImapFilterHarness learnt = unconfigured(Optional.of(ImapHierarchy.of("/")));
        assertThat(learnt.client("a STATUS Sent/2024 (MESSAGES)")).isEqualTo("a STATUS INBOX/Sent/2024 (MESSAGES)");
        assertThat(learnt.server("* LIST () \"/\" INBOX/Sent/2024")).isEqualTo("* LIST () \"/\" Sent/2024");
    }

    @Test
    void refusesToGuessTheSeparatorWhenNothingGaveIt() {
        ImapFilterHarness unknown = unconfigured(Optional.empty());
        assertThat(unknown.client("a STATUS Sent/2024 (MESSAGES)")).startsWith("ANSWER a NO [UNAVAILABLE]");
        assertThat(unknown.client("b CREATE Sent.Lit")).startsWith("ANSWER b NO [UNAVAILABLE]");
        assertThat(unknown.client("c LIST \"\" \"%\"")).startsWith("ANSWER c NO [UNAVAILABLE]");
        assertThat(unknown.client("d SELECT Sent")).isEqualTo("d SELECT INBOX/Sent");
        assertThat(unknown.client("e SELECT Archive")).isEqualTo("PASS");
    }

    @Test
    void learnsTheSeparatorFromTheAnswerToListWhenNothingElseGaveIt() {
        ImapFilterHarness unknown = unconfigured(Optional.empty());
        assertThat(unknown.client("a LIST \"\" \"\"")).isEqualTo("PASS");
        assertThat(unknown.server("* LIST (\\Noselect) \"/\" \"\"")).isEqualTo("PASS");
        assertThat(unknown.client("b SELECT Sent/2024")).isEqualTo("b SELECT INBOX/Sent/2024");
    }

    @Test
    void aFlatServerHasNoChildrenToMap() {
        ImapFilterHarness flat = unconfigured(Optional.of(ImapHierarchy.flat()));
        assertThat(flat.client("a SELECT Sent")).isEqualTo("a SELECT INBOX/Sent");
        assertThat(flat.client("b SELECT Sent/2024")).isEqualTo("PASS");
    }

    @Test
    void recursiveMatchAsksTheServerForEachMappedNameTheClientsPatternMatches() {
        assertThat(session.client("a LIST (SUBSCRIBED RECURSIVEMATCH) \"\" \"%\"")).isEqualTo(
                "a LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (\"%\" \"INBOX.Trash\" \"INBOX.Sent Items\" \"INBOX.Drafts\" \"INBOX.Sent\")");
        assertThat(session.client("b LIST (SUBSCRIBED RECURSIVEMATCH) \"\" \"S%.%\""))
                .isEqualTo("b LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (\"S%.%\" \"INBOX.Sent.%\")");
        assertThat(session.server("* LIST () \".\" INBOX.Sent (CHILDINFO (\"SUBSCRIBED\"))"))
                .isEqualTo("* LIST () \".\" Sent (CHILDINFO (\"SUBSCRIBED\"))");
    }

    @Test
    void recursiveMatchWithAStarAcrossLevelsStillAsksForEverything() {
        assertThat(session.client("a LIST (SUBSCRIBED RECURSIVEMATCH) \"\" \"S*\""))
                .isEqualTo("a LIST (SUBSCRIBED RECURSIVEMATCH) \"\" \"*\"");
    }
}
