package io.postern.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClientGoodbyeTest {

    private static boolean saidGoodbye(String... reads) {
        ClientGoodbye goodbye = new ClientGoodbye();
        for (String read : reads) {
            ByteBuf bytes = Unpooled.copiedBuffer(read, StandardCharsets.ISO_8859_1);
            int before = bytes.readerIndex();
            goodbye.saw(bytes);
            assertThat(bytes.readerIndex()).isEqualTo(before);
            bytes.release();
        }
        return goodbye.saidGoodbye();
    }

    @Test
    void aLastLineOfLogoutOrQuitIsAGoodbyeInAnyCaseAndSplitAnyWay() {
        assertThat(saidGoodbye("a1 NOOP\r\na2 LOGOUT\r\n")).isTrue();
        assertThat(saidGoodbye("a2 log", "out\r", "\n")).isTrue();
        assertThat(saidGoodbye("RETR 1\r\n", "quit\r\n")).isTrue();
        assertThat(saidGoodbye("x".repeat(100) + "\r\nQUIT\n")).isTrue();
        assertThat(saidGoodbye("x".repeat(100), "\r\n", "a9 LOGOUT\r\n")).isTrue();
    }

    @Test
    void anythingElseIsNot() {
        assertThat(saidGoodbye()).isFalse();
        assertThat(saidGoodbye("a1 NOOP\r\n")).isFalse();
        assertThat(saidGoodbye("a2 LOGOUT\r\na3 NOOP\r\n")).isFalse();
        assertThat(saidGoodbye("a2 LOGOUT")).isFalse();
        assertThat(saidGoodbye("a1 SEARCH TEXT LOGOUT\r\n")).isFalse();
        assertThat(saidGoodbye("NOT QUIT\r\n")).isFalse();
        assertThat(saidGoodbye("a".repeat(40) + " LOGOUT\r\n")).isFalse();
    }
}
