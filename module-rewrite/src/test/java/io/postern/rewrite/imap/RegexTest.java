package io.postern.rewrite.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.rewrite.testkit.Rewrite;
import org.junit.jupiter.api.Test;

/** IMAP regex rules: captures, textual parts only, literals only when asked. */
class RegexTest {

    private static ImapFilterHarness session(String rules) {
        return new ImapFilterHarness(Rewrite.configure("mail {\n rewrite.imap.regex {\n" + rules + "\n}\n"
                + " servers.imap { protocol = imap, listen = \"127.0.0.1:143\" }\n}\n").imap("imap", "alice"));
    }

    @Test
    void rewritesCommandArgumentsWithCaptures() {
        ImapFilterHarness session = session("""
                flag { commands = [STORE, "UID STORE"], match = "^\\\\$Label(\\\\d)$", replace = "\\\\$label$1" }
                """);
        assertThat(session.client("a STORE 1 +FLAGS ($Label1 \\Seen)")).isEqualTo("a STORE 1 +FLAGS ($label1 \\Seen)");
        assertThat(session.client("a UID STORE 1 +FLAGS ($Label2)")).isEqualTo("a UID STORE 1 +FLAGS ($label2)");
        assertThat(session.client("a SEARCH KEYWORD $Label1")).isEqualTo("PASS");
    }

    @Test
    void neverTouchesLiteralsUnlessTheRuleSaysSo() {
        ImapFilterHarness plain = session("""
                words { commands = [SEARCH], match = "colour", replace = "color" }
                """);
        assertThat(plain.client("a SEARCH SUBJECT \"colour\" BODY {6}\r\ncolour"))
                .isEqualTo("a SEARCH SUBJECT \"color\" BODY {6}\r\ncolour");

        ImapFilterHarness literals = session("""
                words { commands = [SEARCH], match = "colour", replace = "color", in_literals = on, literal_limit = 1k }
                """);
        assertThat(literals.client("a SEARCH SUBJECT \"colour\" BODY {6}\r\ncolour"))
                .isEqualTo("a SEARCH SUBJECT \"color\" BODY {5}\r\ncolor");
        assertThat(literals.filter().inlineLimit()).isEqualTo(1024);
        assertThat(literals.client("a APPEND INBOX {90000}")).as("a streamed literal is never rewritten").isEqualTo("PASS");
    }

    @Test
    void rewritesStatusTextsAndUntaggedDataButNotTheirNames() {
        ImapFilterHarness session = session("""
                brand { target = response, responses = [OK, BYE], match = "Dovecot( ready)?", replace = "Postern$1" }
                list  { target = response, responses = [LIST], match = "^LIST$", replace = "x" }
                """);
        assertThat(session.server("a OK [READ-WRITE] Dovecot ready")).isEqualTo("a OK [READ-WRITE] Postern ready");
        assertThat(session.server("* BYE Dovecot says bye")).isEqualTo("* BYE Postern says bye");
        assertThat(session.server("* NO Dovecot")).isEqualTo("PASS");
        assertThat(session.server("* LIST () \".\" LIST")).isEqualTo("* LIST () \".\" x");
    }

    @Test
    void quotesAnAtomThatGainsASpace() {
        ImapFilterHarness session = session("""
                spaced { target = response, responses = [LIST, "+"], match = "^Junk$", replace = "Junk Mail" }
                """);
        assertThat(session.server("* LIST () \".\" Junk")).isEqualTo("* LIST () \".\" \"Junk Mail\"");
        assertThat(session.server("+ Junk")).isEqualTo("+ Junk Mail");
        assertThat(session.server("* LSUB () \".\" Junk")).isEqualTo("PASS");
    }
}
