package io.postern.rewrite.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.rewrite.testkit.Rewrite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** IMAP capability editing in every response that carries capabilities. */
class CapabilitiesTest {

    private final ImapFilterHarness session = new ImapFilterHarness(Rewrite.configure("""
            mail {
              rewrite.imap.capabilities {
                hide { remove = [NOTIFY, "X-*", "auth=*"], add = [XPOSTERN] }
                also { remove = [METADATA] }
              }
              servers.imap { protocol = imap, listen = "127.0.0.1:143" }
            }
            """).imap("imap", "alice"));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "* CAPABILITY IMAP4rev1 IDLE NOTIFY X-GM-EXT-1 METADATA AUTH=PLAIN|* CAPABILITY IMAP4rev1 IDLE XPOSTERN",
        "a OK [CAPABILITY IMAP4rev1 IDLE NOTIFY] Logged in|a OK [CAPABILITY IMAP4rev1 IDLE XPOSTERN] Logged in",
        "* OK [CAPABILITY IMAP4rev1 X-FOO] ready|* OK [CAPABILITY IMAP4rev1 XPOSTERN] ready",
        "* CAPABILITY IMAP4rev1 xpostern notify|* CAPABILITY IMAP4rev1 xpostern",
    })
    void removesAndAddsInEveryCapabilityList(String server, String client) {
        assertThat(session.server(server)).isEqualTo(client);
    }

    @Test
    void leavesListsWithNothingToChangeAndOtherResponsesAlone() {
        assertThat(session.server("* CAPABILITY IMAP4rev1 XPOSTERN")).isEqualTo("PASS");
        assertThat(session.server("a OK [READ-WRITE] SELECT completed")).isEqualTo("PASS");
        assertThat(session.server("a OK done")).isEqualTo("PASS");
    }
}
