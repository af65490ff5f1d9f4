package io.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.sasl.SaslMechanism;
import io.postern.spi.WireText;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small pieces: command splitting, xtext and nginx's EHLO construction. */
class SmtpUnitsTest {

    @Test
    void splitsAVerbAndSpaceSeparatedArguments() {
        SmtpCommand command = SmtpCommand.parse("mail  FROM:<a@example.com> SIZE=100  ");
        assertThat(command.verb()).isEqualTo("MAIL");
        assertThat(command.arguments()).containsExactly("FROM:<a@example.com>", "SIZE=100");
        assertThat(command.line()).isEqualTo("mail  FROM:<a@example.com> SIZE=100");
        assertThat(command.known()).isTrue();
    }

    @Test
    void marksLinesThatCannotBeCommandsAsMalformed() {
        assertThat(SmtpCommand.parse("").malformed()).isTrue();
        assertThat(SmtpCommand.parse(" HELO x").malformed()).isTrue();
        assertThat(SmtpCommand.parse("HEL0 x").malformed()).isTrue();
        assertThat(SmtpCommand.parse("MAIL FROM:<a@b>\rRCPT TO:<c@d>").malformed()).isTrue();
        assertThat(SmtpCommand.parse("HELO a\0b").malformed()).isTrue();
        assertThat(SmtpCommand.parse("NOOP 1 2 3 4 5 6 7 8 9 10 11").malformed()).isTrue();
        assertThat(SmtpCommand.parse("XYZZY").known()).isFalse();
    }

    @Test
    void neverShowsTheLineInToString() {
        assertThat(SmtpCommand.parse("AUTH PLAIN AHRlc3QAc2VjcmV0").toString()).doesNotContain("AHRl");
    }

    @Test
    void encodesXtext() {
        assertThat(Xtext.encode("bob@example.com")).isEqualTo("bob@example.com");
        assertThat(Xtext.encode("a+b=c d\n")).isEqualTo("a+2Bb+3Dc+20d+0A");
        assertThat(Xtext.encode("é")).isEqualTo("+C3+A9");
        assertThat(Xtext.encode(WireText.decode(new byte[] {'b', (byte) 0xFF, (byte) 0xC3}))).isEqualTo("b+FF+C3");
    }

    @Test
    void authPlainCarriesTheClientsBytesNeverReplaced() {
        String login = WireText.decode(new byte[] {'b', (byte) 0xFF});
        String password = WireText.decode(new byte[] {'p', (byte) 0xFE});

        assertThat(Base64.getDecoder().decode(SmtpUpstreamLogin.authPlainLine(login, password).substring(11)))
                .containsExactly(0, 'b', 0xFF, 0, 'p', 0xFE);
    }

    @Test
    void buildsNginxsEhloAnswer() {
        assertThat(SmtpSettings.ehloLines("mx", List.of(), List.of(SaslMechanism.PLAIN)))
                .containsExactly("250-mx", "250 AUTH PLAIN");
        assertThat(SmtpSettings.ehloLines("mx", List.of("PIPELINING", "chunking"), List.of()))
                .containsExactly("250-mx", "250 PIPELINING");
        assertThat(SmtpSettings.ehloLines("mx", List.of(), List.of())).containsExactly("250 mx");
    }
}
