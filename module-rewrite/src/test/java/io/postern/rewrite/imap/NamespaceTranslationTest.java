package io.postern.rewrite.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.rewrite.testkit.Rewrite;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A {@code namespace} rule: the server stores INBOX.Sent.2024 (Courier's layout), the client
 * sees Sent/2024, with an explicit name beside it.
 */
class NamespaceTranslationTest {

    private static final String CONFIG = """
            mail {
              rewrite.imap {
                namespace.courier { prefix = "INBOX.", separator = ".", client_separator = "/" }
                mailboxes.outlook.map { "Deleted Items" = "INBOX.Trash" }
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
        "a CREATE Projects/Alpha/2024|a CREATE INBOX.Projects.Alpha.2024",
        "a RENAME Sent/2023 Archive/2023|a RENAME INBOX.Sent.2023 INBOX.Archive.2023",
        "a SELECT \"Deleted Items/Old\"|a SELECT \"INBOX.Trash.Old\"",
        "a SELECT \"Entw&APw-rfe/x\"|a SELECT \"INBOX.Entw&APw-rfe.x\"",
        "a LIST \"\" Sent/%|a LIST \"\" INBOX.Sent.%",
        "a LIST \"\" %/%|a LIST \"\" *",
    })
    void addsThePrefixAndTheServersSeparator(String client, String server) {
        assertThat(session.client(client)).isEqualTo(server);
    }

    @Test
    void leavesInboxAsItIs() {
        assertThat(session.client("a SELECT INBOX")).isEqualTo("PASS");
        assertThat(session.client("a STATUS inbox (MESSAGES)")).isEqualTo("PASS");
        assertThat(session.server("* STATUS INBOX (MESSAGES 2)")).isEqualTo("PASS");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "* LIST (\\HasChildren) \".\" INBOX.Sent|* LIST (\\HasChildren) \"/\" Sent",
        "* LIST (\\HasNoChildren) \".\" INBOX.Sent.2024|* LIST (\\HasNoChildren) \"/\" Sent/2024",
        "* LIST (\\HasNoChildren) \".\" INBOX.Trash|* LIST (\\HasNoChildren) \"/\" \"Deleted Items\"",
        "* LIST (\\HasChildren) \".\" INBOX|* LIST (\\HasChildren) \"/\" INBOX",
        "* LIST (\\Noselect) \".\" \"\"|* LIST (\\Noselect) \"/\" \"\"",
        "* STATUS INBOX.Sent.2024 (MESSAGES 9)|* STATUS Sent/2024 (MESSAGES 9)",
        // the server's own "INBOX.Deleted Items" is hidden: the client's "Deleted Items" is INBOX.Trash
        "* LIST () \".\" \"INBOX.Deleted Items\"|DROP",
    })
    void removesThePrefixAndShowsTheClientsSeparator(String server, String client) {
        assertThat(session.server(server)).isEqualTo(client);
    }

    @Test
    void showsThePersonalNamespaceAsTheClientSeesItAndLeavesTheOthersAlone() {
        assertThat(session.client("n NAMESPACE")).isEqualTo("PASS");
        assertThat(session.server("* NAMESPACE ((\"INBOX.\" \".\")) ((\"user.\" \".\")) ((\"shared.\" \".\"))"))
                .isEqualTo("* NAMESPACE ((\"\" \"/\")) ((\"user.\" \".\")) ((\"shared.\" \".\"))");
        session.server("n OK NAMESPACE completed");

        assertThat(session.server("* LIST (\\HasNoChildren) \".\" shared.team")).isEqualTo("PASS");
        assertThat(session.server("* LIST (\\Noselect) \".\" shared")).isEqualTo("PASS");
        assertThat(session.client("a SELECT shared.team")).isEqualTo("PASS");
        assertThat(session.client("a SELECT user.bob.Sent")).isEqualTo("PASS");
    }

    @Test
    void widensTopLevelListingsAndKeepsOnlyTheTopLevelOfTheClientsView() {
        assertThat(session.client("a LIST \"\" %")).isEqualTo("a LIST \"\" *");
        assertThat(session.server("* LIST (\\HasChildren) \".\" INBOX")).isEqualTo("* LIST (\\HasChildren) \"/\" INBOX");
        assertThat(session.server("* LIST (\\HasChildren) \".\" INBOX.Sent")).isEqualTo("* LIST (\\HasChildren) \"/\" Sent");
        assertThat(session.server("* LIST () \".\" INBOX.Sent.2024")).isEqualTo("DROP");
        assertThat(session.server("* LIST () \".\" INBOX.Drafts")).isEqualTo("* LIST () \"/\" Drafts");
        assertThat(session.server("a OK LIST completed")).isEqualTo("PASS");
    }

    @Test
    void aPatternBelowInboxAsksForTheChildrenInboxHasInTheClientsView() {
        assertThat(session.client("a LIST \"\" \"INBOX/%\"")).isEqualTo("a LIST \"\" \"INBOX.INBOX.%\"");
        assertThat(session.server("* LIST () \".\" INBOX.INBOX.Lists")).isEqualTo("* LIST () \"/\" INBOX/Lists");
        assertThat(session.client("b CREATE INBOX/Lists")).isEqualTo("b CREATE INBOX.INBOX.Lists");
    }
}
