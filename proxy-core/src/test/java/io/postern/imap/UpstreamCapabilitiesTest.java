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
    void recordsALineWithWhiteSpaceAroundItAsParseReadsIt() {
        EmbeddedChannel upstream = new EmbeddedChannel();
        UpstreamCapabilities.record(upstream, "  * CAPABILITY  IMAP4rev1   LITERAL+ \r\n");
        assertThat(UpstreamCapabilities.of(upstream)).contains(List.of("IMAP4rev1", "LITERAL+"));
        UpstreamCapabilities.record(upstream, "a1 OK [CAPABILITY IMAP4rev1\r\n"); // no closing bracket: no list
        UpstreamCapabilities.record(upstream, "a1 OK\r\n");
        assertThat(UpstreamCapabilities.take(upstream)).contains(List.of("IMAP4rev1", "LITERAL+"));
        assertThat(UpstreamCapabilities.of(upstream)).isEmpty();
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

    @Test
    void theRelayTakesTheListOnceAndTheChannelForgetsIt() {
        EmbeddedChannel upstream = new EmbeddedChannel();
        assertThat(UpstreamCapabilities.take(upstream)).isEmpty();
        UpstreamCapabilities.record(upstream, "* CAPABILITY IMAP4rev1 LITERAL+\r\n");
        assertThat(UpstreamCapabilities.take(upstream)).contains(List.of("IMAP4rev1", "LITERAL+"));
        assertThat(UpstreamCapabilities.of(upstream)).isEmpty();
        assertThat(upstream.hasAttr(io.netty.util.AttributeKey.valueOf(UpstreamCapabilities.class, "capabilities")))
                .isFalse();
        upstream.finishAndReleaseAll();
    }

    /** The hand-written scan answers as the regular expressions it replaced, on any line. */
    @Test
    void parsesAsTheRegularExpressionsDid() {
        String[] pieces = {" ", "  ", "*", "a1", "OK", "ok", "PREAUTH", "NO", "CAPABILITY", "capability", "[CAPABILITY",
                "[capability", "]", "IMAP4rev1", "LITERAL+", "\t", "\r\n", "\u212A", "x"};
        java.util.Random random = new java.util.Random(18);
        for (int n = 0; n < 200_000; n++) {
            StringBuilder line = new StringBuilder();
            for (int k = random.nextInt(9); k > 0; k--) {
                line.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = line.toString();
            assertThat(UpstreamCapabilities.parse(text)).as(text).isEqualTo(byRegex(text));
        }
    }

    /** The former implementation. */
    private static java.util.Optional<List<String>> byRegex(String line) {
        String[] words = line.strip().split(" +", 3);
        if (words.length < 2) {
            return java.util.Optional.empty();
        }
        if (words[0].equals("*") && words[1].equalsIgnoreCase("CAPABILITY")) {
            return java.util.Optional.of(words.length == 3 ? List.of(words[2].split(" +")) : List.of());
        }
        if (words.length < 3 || !List.of("OK", "PREAUTH").contains(words[1].toUpperCase(java.util.Locale.ROOT))) {
            return java.util.Optional.empty();
        }
        String rest = words[2];
        int end = rest.indexOf(']');
        if (!rest.regionMatches(true, 0, "[CAPABILITY", 0, 11) || end < 0) {
            return java.util.Optional.empty();
        }
        String list = rest.substring(11, end).strip();
        return java.util.Optional.of(list.isEmpty() ? List.of() : List.of(list.split(" +")));
    }
}
