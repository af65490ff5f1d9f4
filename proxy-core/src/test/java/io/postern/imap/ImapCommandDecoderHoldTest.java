package io.postern.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.postern.testing.ByteSplits;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Holding pipelined input behind a login, and refusing unknown command names early, as nginx does. */
class ImapCommandDecoderHoldTest {

    private static final int MAX = 256;

    @Test
    void refusesAnUnknownCommandAtItsNameSoALineEndingInNonSyncLiteralIsFatal() {
        byte[] input = "a1 FOO {10+}\r\na2 NOOP\r\n".getBytes(StandardCharsets.US_ASCII);
        for (ByteSplits.Chunking chunking : ByteSplits.all(input)) {
            ImapCommandDecoder decoder = new ImapCommandDecoder(MAX, ImapPreLoginHandler.VERBS);
            EmbeddedChannel channel = new EmbeddedChannel(decoder);
            assertThat(ByteSplits.feed(channel, chunking)).as(chunking.description())
                    .containsExactly(new ImapDecodeError("a1", "invalid command", true));
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void refusesAnUnknownCommandButKeepsReadingAfterAnOrdinaryLine() {
        byte[] input = "a1 SELECT INBOX\r\na2 NOOP\r\n".getBytes(StandardCharsets.US_ASCII);
        for (ByteSplits.Chunking chunking : ByteSplits.all(input)) {
            EmbeddedChannel channel = new EmbeddedChannel(new ImapCommandDecoder(MAX, ImapPreLoginHandler.VERBS));
            assertThat(ByteSplits.feed(channel, chunking)).as(chunking.description()).containsExactly(
                    new ImapDecodeError("a1", "invalid command", false), new ImapCommand("a2", "NOOP", List.of()));
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void keepsWhatFollowsAHeldLoginAsBytes() {
        byte[] input = "a1 LOGIN u p\r\na2 SELECT INBOX\r\na3 NOOP\r\n".getBytes(StandardCharsets.US_ASCII);
        for (ByteSplits.Chunking chunking : ByteSplits.all(input)) {
            ImapCommandDecoder decoder = new ImapCommandDecoder(MAX);
            EmbeddedChannel channel = new EmbeddedChannel(decoder, new HoldOnLogin(decoder));
            assertThat(ByteSplits.feed(channel, chunking)).as(chunking.description()).containsExactly(
                    new ImapCommand("a1", "LOGIN", List.of(new ImapValue.Atom("u"), new ImapValue.Atom("p"))));
            assertThat(new String(ByteSplits.removeAndCollectLeftover(channel, decoder), StandardCharsets.US_ASCII))
                    .as(chunking.description()).isEqualTo("a2 SELECT INBOX\r\na3 NOOP\r\n");
            assertThat(channel.finish()).isFalse();
        }
    }

    @Test
    void answersWhatWasHeldOnceResumed() {
        ImapCommandDecoder decoder = new ImapCommandDecoder(MAX);
        HoldOnLogin holder = new HoldOnLogin(decoder);
        EmbeddedChannel channel = new EmbeddedChannel(decoder, holder);
        channel.writeInbound(io.netty.buffer.Unpooled.copiedBuffer("a1 LOGIN u p\r\na2 NOOP\r\n",
                StandardCharsets.US_ASCII));
        assertThat(ByteSplits.readAll(channel)).hasSize(1);
        decoder.resume(channel.pipeline().context(holder));
        assertThat(ByteSplits.readAll(channel)).containsExactly(new ImapCommand("a2", "NOOP", List.of()));
        assertThat(channel.finish()).isFalse();
    }

    /** Holds the decoder on LOGIN, as the pre-login handler does while the login runs. */
    private static final class HoldOnLogin extends ChannelInboundHandlerAdapter {
        private final ImapCommandDecoder decoder;

        HoldOnLogin(ImapCommandDecoder decoder) {
            this.decoder = decoder;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ImapCommand command && command.verb().equals("LOGIN")) {
                decoder.hold();
            }
            ctx.fireChannelRead(msg);
        }
    }
}
