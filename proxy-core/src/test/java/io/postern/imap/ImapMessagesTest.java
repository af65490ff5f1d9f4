package io.postern.imap;

import static io.postern.imap.DecoderHarness.atom;
import static io.postern.imap.DecoderHarness.command;
import static io.postern.imap.DecoderHarness.list;
import static io.postern.imap.DecoderHarness.literal;
import static io.postern.imap.DecoderHarness.quoted;
import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.WireText;
import org.junit.jupiter.api.Test;

class ImapMessagesTest {

    @Test
    void redactsLoginArguments() {
        ImapCommand login = command("a", "LOGIN", atom("bob"), quoted("hunter2"));
        assertThat(login.toString()).doesNotContain("hunter2").doesNotContain("bob").contains("<redacted>");
        assertThat(login.hasSecretArguments()).isTrue();
    }

    @Test
    void redactsAuthenticateArguments() {
        ImapCommand authenticate = command("a", "AUTHENTICATE", atom("PLAIN"), atom("AGJvYgBodW50ZXIy"));
        assertThat(authenticate.toString()).doesNotContain("AGJvYgBodW50ZXIy").contains("<redacted>");
    }

    @Test
    void redactsContinuationLinesAndValues() {
        assertThat(new ImapContinuation("AGJvYgBodW50ZXIy").toString()).doesNotContain("AGJvYgBodW50ZXIy");
        assertThat(atom("hunter2").toString()).doesNotContain("hunter2");
        assertThat(quoted("hunter2").toString()).doesNotContain("hunter2");
        assertThat(literal("hunter2").toString()).doesNotContain("hunter2");
        assertThat(list(quoted("hunter2")).toString()).doesNotContain("hunter2");
    }

    @Test
    void rendersOtherCommandsOnOneLine() {
        ImapCommand id = command("a", "ID", list(quoted("na\"me"), literal("x\r\ny"), atom("NIL")));
        assertThat(id.toString()).isEqualTo("ImapCommand[tag=a, verb=ID, arguments=[(\"na\\\"me\" {4} NIL)]]");
    }

    @Test
    void rendersControlCharactersAndInvalidBytesOfArgumentsEscaped() {
        ImapCommand id = command("a", "ID", list(quoted("x\u001b[2J"), quoted(WireText.decode(new byte[] {'y', (byte) 0xFF}))));
        assertThat(id.toString()).isEqualTo("ImapCommand[tag=a, verb=ID, arguments=[(\"x\\x1B[2J\" \"y\\xFF\")]]");
    }

    @Test
    void rendersParenListTextAsImap() {
        assertThat(list(quoted("a\\b"), list(), literal("é\r\n"), atom("NIL")).text())
                .isEqualTo("(\"a\\\\b\" () {4}\r\né\r\n NIL)");
        assertThat(atom("NIL").isNil()).isTrue();
        assertThat(atom("NILS").isNil()).isFalse();
    }
}
