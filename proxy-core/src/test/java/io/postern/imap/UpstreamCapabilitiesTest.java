package io.postern.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The capability lists an upstream announces during Postern's login, kept for the framed relay. */
class UpstreamCapabilitiesTest {

    @Test
    void readsTheListsOfCapabilityResponsesAndCodes() {
        assertThat(UpstreamCapabilities.parse("* CAPABILITY IMAP4rev1 LITERAL+ IDLE\r\n"))
                .contains(List.of("IMAP4rev1", "LITERAL+", "IDLE"));
        assertThat(UpstreamCapabilities.parse("* OK [CAPABILITY IMAP4rev1 SASL-IR LITERAL+] Dovecot ready."))
                .contains(List.of("IMAP4rev1", "SASL-IR", "LITERAL+"));
        assertThat(UpstreamCapabilities.parse("a1 OK [CAPABILITY IMAP4rev1 LITERAL-] Logged in"))
                .contains(List.of("IMAP4rev1", "LITERAL-"));
        assertThat(UpstreamCapabilities.parse("* capability")).contains(List.of());
    }

    @Test
    void findsNoListElsewhere() {
        assertThat(UpstreamCapabilities.parse("* OK IMAP4rev1 Server GreenMail ready")).isEmpty();
        assertThat(UpstreamCapabilities.parse("a1 OK LOGIN completed")).isEmpty();
        assertThat(UpstreamCapabilities.parse("a1 NO [CAPABILITY IMAP4rev1] no")).isEmpty();
        assertThat(UpstreamCapabilities.parse("* 3 EXISTS")).isEmpty();
        assertThat(UpstreamCapabilities.parse("")).isEmpty();
    }

    @Test
    void keepsTheLastListAnnouncedOnTheChannel() {
        EmbeddedChannel upstream = new EmbeddedChannel();
        assertThat(UpstreamCapabilities.of(upstream)).isEmpty();
        UpstreamCapabilities.record(upstream, "* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n");
        UpstreamCapabilities.record(upstream, "a1 OK Logged in\r\n");
        assertThat(UpstreamCapabilities.of(upstream)).contains(List.of("IMAP4rev1", "STARTTLS"));
        UpstreamCapabilities.record(upstream, "a1 OK [CAPABILITY IMAP4rev1 LITERAL+] Logged in\r\n");
        assertThat(UpstreamCapabilities.of(upstream)).contains(List.of("IMAP4rev1", "LITERAL+"));
        upstream.finishAndReleaseAll();
    }
}
