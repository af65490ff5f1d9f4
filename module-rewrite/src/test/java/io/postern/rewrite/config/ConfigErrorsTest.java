package io.postern.rewrite.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postern.rewrite.testkit.Rewrite;
import org.junit.jupiter.api.Test;

/**
 * Every mistake in a {@code rewrite} block is reported with the file, the line, the key's path
 * and what was expected, all of them in one pass.
 */
class ConfigErrorsTest {

    private static final String SERVERS = """
              servers {
                imap { protocol = imap, listen = "127.0.0.1:143" }
                smtp { protocol = smtp, listen = "127.0.0.1:587" }
              }
            }
            """;

    /** The problems of a mail-level rewrite block written from line 3 of test.conf on. */
    private static String errorsOf(String rewrite) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> Rewrite.configure("mail {\n  rewrite {\n" + rewrite + "\n  }\n" + SERVERS));
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
        return thrown.getMessage();
    }

    @Test
    void reportsABadRegularExpression() {
        assertThat(errorsOf("imap.deny.x { commands = [SEARCH], arguments = \"(unclosed\" }")).isEqualTo(
                "test.conf:3: mail.rewrite.imap.deny.x.arguments: \"(unclosed\" "
                        + "(expected: a regular expression: Unclosed group near index 9)");
    }

    @Test
    void reportsAnUnknownKeyWithANearOne() {
        assertThat(errorsOf("imap.deny.x {\n comands = [DELETE]\n}")).isEqualTo(
                "test.conf:4: mail.rewrite.imap.deny.x: unknown key \"comands\" (did you mean \"commands\"?)\n"
                        + "test.conf:3: mail.rewrite.imap.deny.x: missing \"commands\" "
                        + "(expected: at least one of commands, mailboxes, arguments, larger_than)");
        assertThat(errorsOf("imapp { }")).isEqualTo(
                "test.conf:3: mail.rewrite: unknown key \"imapp\" (did you mean \"imap\"?)");
        assertThat(errorsOf("imap.dney { }")).isEqualTo(
                "test.conf:3: mail.rewrite.imap: unknown key \"dney\" (did you mean \"deny\"?)");
        assertThat(errorsOf("imap.deny.x { commands = DELETE, color = red }")).isEqualTo(
                "test.conf:3: mail.rewrite.imap.deny.x: unknown key \"color\" "
                        + "(expected: one of commands, mailboxes, arguments, larger_than, answer, users, groups, "
                        + "servers, enabled)");
    }

    @Test
    void reportsValuesOfTheWrongType() {
        assertThat(errorsOf("imap.deny.x { commands = { a = b } }")).startsWith(
                "test.conf:3: mail.rewrite.imap.deny.x.commands: {\"a\":\"b\"} (expected: a string or a list of strings)");
        assertThat(errorsOf("imap.deny.x { commands = [APPEND], larger_than = big }")).isEqualTo(
                "test.conf:3: mail.rewrite.imap.deny.x.larger_than: \"big\" (expected: a size such as 512, 4k, 10m)");
        assertThat(errorsOf("imap.regex.x { match = a, replace = b, in_literals = maybe }")).isEqualTo(
                "test.conf:3: mail.rewrite.imap.regex.x.in_literals: \"maybe\" (expected: on or off)");
        assertThat(errorsOf("imap.deny = [DELETE]")).isEqualTo(
                "test.conf:3: mail.rewrite.imap.deny: [\"DELETE\"] (expected: a block { ... })");
        assertThat(errorsOf("smtp.recipients.r { max = 0 }")).isEqualTo(
                "test.conf:3: mail.rewrite.smtp.recipients.r.max: 0 (expected: a whole number from 1 to 100000)");
        assertThat(errorsOf("smtp.deny.r { commands = [VRFY], code = 250 }")).isEqualTo(
                "test.conf:3: mail.rewrite.smtp.deny.r.code: 250 (expected: a whole number from 400 to 599)");
    }

    @Test
    void explainsThatANameWithADotIsQuoted() {
        assertThat(errorsOf("imap.mailboxes.m.map {\n INBOX.Sent = Sent\n}")).isEqualTo(
                "test.conf:4: mail.rewrite.imap.mailboxes.m.map.INBOX: {\"Sent\":\"Sent\"} "
                        + "(expected: a string; quote a name that holds a dot: \"INBOX.…\" = …)");
    }

    @Test
    void checksNamesSeparatorsAndPrefixes() {
        assertThat(errorsOf("imap.mailboxes.m.map { Sent = \"INBOX.*\" }")).isEqualTo(
                "test.conf:3: mail.rewrite.imap.mailboxes.m.map.Sent: \"Sent\" = \"INBOX.*\" "
                        + "(expected: a client name = a server name, each without * % CR LF; no * % CR LF NUL in a name)");
        assertThat(errorsOf("imap.namespace.n { separator = \"::\" }")).isEqualTo(
                "test.conf:3: mail.rewrite.imap.namespace.n.separator: \"::\" "
                        + "(expected: one character such as \".\" or \"/\")");
        assertThat(errorsOf("imap.namespace.n { separator = \".\", prefix = INBOX }")).isEqualTo(
                "test.conf:3: mail.rewrite.imap.namespace.n.prefix: \"INBOX\" "
                        + "(expected: empty, or a prefix ending with the separator \".\", such as \"INBOX.\")");
    }

    @Test
    void checksReplacementsAgainstTheirExpression() {
        assertThat(errorsOf("imap.regex.x { match = \"(a)\", replace = \"$2\" }")).isEqualTo(
                "test.conf:3: mail.rewrite.imap.regex.x.replace: \"$2\" "
                        + "(expected: a replacement for \"(a)\": $2 but the expression has 1 capture)");
        assertThat(errorsOf("imap.regex.x { match = a }")).isEqualTo(
                "test.conf:3: mail.rewrite.imap.regex.x: missing \"replace\" "
                        + "(expected: the replacement, with $1 for a capture)");
    }

    @Test
    void namesTheServersThatExist() {
        assertThat(errorsOf("imap.deny.x { commands = [DELETE], servers = [imap, imap2] }")).isEqualTo(
                "test.conf:3: mail.rewrite.imap.deny.x.servers: \"imap2\" "
                        + "(expected: the name of a server block: imap, smtp)");
    }

    @Test
    void reportsTwoMistakesOnOneLineApart() {
        assertThat(errorsOf("imap.deny.x { commands = [SEARCH], arguments = \"(\" }, pop3.deny.y { arguments = \"(\" }"))
                .isEqualTo("test.conf:3: mail.rewrite.imap.deny.x.arguments: \"(\" "
                        + "(expected: a regular expression: Unclosed group near index 1)\n"
                        + "test.conf:3: mail.rewrite.pop3.deny.y.arguments: \"(\" "
                        + "(expected: a regular expression: Unclosed group near index 1)");
    }

    @Test
    void refusesInheritAtTheMailLevel() {
        assertThat(errorsOf("inherit = off")).isEqualTo(
                "test.conf:3: mail.rewrite.inherit: (expected: only in a server's rewrite block)");
    }

    @Test
    void reportsEveryProblemOnceEvenWhenServersInheritIt() {
        assertThatThrownBy(() -> Rewrite.configure("""
                mail {
                  rewrite.imap.deny.x { commands = [SEARCH], arguments = "[" }
                  servers {
                    imap  { protocol = imap, listen = "127.0.0.1:143" }
                    imap2 {
                      protocol = imap, listen = "127.0.0.1:1143"
                      rewrite.smtp.recipients.r { max = -1 }
                    }
                  }
                }
                """)).hasMessage("test.conf:2: mail.rewrite.imap.deny.x.arguments: \"[\" (expected: a regular expression: "
                + "Unclosed character class near index 0)\n"
                + "test.conf:7: mail.servers.imap2.rewrite.smtp.recipients.r.max: -1 "
                + "(expected: a whole number from 1 to 100000)");
    }
}
