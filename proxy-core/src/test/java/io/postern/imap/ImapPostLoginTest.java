package io.postern.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.postern.engine.PostLogin;
import io.postern.module.Phases;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** IMAP's post-login phase: what a session keeps when it takes the raw relay. */
class ImapPostLoginTest {

    @Test
    void aSessionLeftToTheRawRelayForgetsItsUpstreamsCapabilities() {
        EmbeddedChannel upstream = new EmbeddedChannel();
        UpstreamCapabilities.record(upstream, "a1 OK [CAPABILITY IMAP4rev1 LITERAL+ IDLE] Logged in");
        ByteBuf reply = Unpooled.copiedBuffer("a1 OK Logged in\r\n", StandardCharsets.US_ASCII);
        try {
            PostLogin postLogin = new ImapProtocol().postLogin(Phases.empty());

            // No filter: the raw relay (which owns the reply from here); only the framed relay reads the list.
            assertThat(postLogin.startFiltered(null, upstream, reply)).isFalse();
            assertThat(UpstreamCapabilities.of(upstream)).isEmpty();
        } finally {
            reply.release();
            upstream.finishAndReleaseAll();
        }
    }
}
