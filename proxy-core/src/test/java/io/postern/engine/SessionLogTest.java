package io.postern.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.postern.spi.TlsInfo;
import io.postern.spi.UpstreamAddress;
import io.postern.spi.WireText;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.FormattingTuple;

/** The session context and the lines of {@link SessionLog}: nothing from the wire reaches them raw. */
class SessionLogTest {

    /** CR, LF, NUL, ESC, a quote, a backslash, a C1 control, a line separator and an invalid byte. */
    private static final String HOSTILE = WireText.decode(new byte[] {
        'x', '\r', '\n', 0, 0x1b, '[', '3', '1', 'm', '"', '\\', (byte) 0xC2, (byte) 0x85,
        (byte) 0xE2, (byte) 0x80, (byte) 0xA8, (byte) 0xFF, ' ', 'l', 'o', 'g', 'i', 'n', '=', 'a'});

    private final EmbeddedChannel client = TestSessions.channel(50312);

    @AfterEach
    void close() {
        client.finishAndReleaseAll();
    }

    /**
     * Every value a client or a server can choose is set to {@link #HOSTILE}: a field added to the
     * context without {@code SessionLog.field} makes this test fail.
     */
    @Test
    void escapesEveryValueOfTheContextWhateverSetIt() {
        Session session = TestSessions.loggedIn(client, "servers { imap { protocol = imap, listen = \"127.0.0.1:0\" } }");
        session.login(HOSTILE);
        session.upstream(new UpstreamAddress(HOSTILE, 143));
        session.tls(new TlsInfo("TLSv1.3", HOSTILE, Optional.of(HOSTILE), Optional.of("FAILED:" + HOSTILE),
                Optional.empty()));

        String context = session.log().context();

        String escaped = "x\\x0D\\x0A\\x00\\x1B[31m\\x22\\x5C\\xC2\\x85\\xE2\\x80\\xA8\\xFF login=a";
        assertThat(context).isEqualTo("session=" + session.id() + " client=127.0.0.1:50312 server=imap protocol=imap"
                + " login=" + escaped + " upstream=" + escaped + ":143 ");
        assertThat(context).isEqualTo(session.logContext());
        assertThat(context.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    @Test
    void makesEachLineSafeEvenWhenAnArgumentWasNotEscaped() {
        FormattingTuple line = SessionLog.line("login refused: {} ({})", HOSTILE, "\"quoted\" \\ é");

        assertThat(line.getMessage()).isEqualTo("login refused: x\\x0D\\x0A\\x00\\x1B[31m\"\\\\xC2\\x85\\xE2\\x80\\xA8\\xFF"
                + " login=a (\"quoted\" \\ é)");
    }

    @Test
    void keepsTheThrowableOfALine() {
        IllegalStateException failure = new IllegalStateException("x");

        FormattingTuple line = SessionLog.line("unexpected error", failure);

        assertThat(line.getMessage()).isEqualTo("unexpected error");
        assertThat(line.getThrowable()).isSameAs(failure);
    }
}
