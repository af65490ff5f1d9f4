package io.postern.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.postern.testing.ByteSplits;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Feeds inputs to fresh {@link ImapCommandDecoder}s in every chunking and checks the results. */
final class DecoderHarness {

    static final int MAX = 256;

    private DecoderHarness() {
    }

    /** Asserts that {@code input}, in every chunking, decodes to exactly {@code expected}. */
    static void assertDecodes(String input, Object... expected) {
        assertDecodes(MAX, input.getBytes(StandardCharsets.UTF_8), expected);
    }

    static void assertDecodes(int max, String input, Object... expected) {
        assertDecodes(max, input.getBytes(StandardCharsets.UTF_8), expected);
    }

    static void assertDecodes(int max, byte[] input, Object... expected) {
        for (ByteSplits.Chunking chunking : ByteSplits.all(input)) {
            assertThat(decode(max, chunking)).as(chunking.description()).containsExactly(expected);
        }
    }

    /**
     * Decodes one chunking with a fresh decoder (followed by a {@link ContinuationTrigger}),
     * asserting that the decoder keeps no byte and the channel finishes clean.
     */
    static List<Object> decode(int max, ByteSplits.Chunking chunking) {
        ImapCommandDecoder decoder = new ImapCommandDecoder(max);
        EmbeddedChannel channel = new EmbeddedChannel(decoder, new ContinuationTrigger(decoder));
        List<Object> messages = ByteSplits.feed(channel, chunking);
        assertThat(ByteSplits.removeAndCollectLeftover(channel, decoder))
                .as("bytes left in the decoder (%s)", chunking.description())
                .isEmpty();
        assertThat(channel.finish()).as("channel.finish()").isFalse();
        return messages;
    }

    static ImapCommand command(String tag, String verb, ImapValue... arguments) {
        return new ImapCommand(tag, verb, List.of(arguments));
    }

    static ImapValue.Atom atom(String text) {
        return new ImapValue.Atom(text);
    }

    static ImapValue.Quoted quoted(String text) {
        return new ImapValue.Quoted(text);
    }

    static ImapValue.Literal literal(String text) {
        return new ImapValue.Literal(text);
    }

    static ImapValue.ParenList list(ImapValue... items) {
        return new ImapValue.ParenList(List.of(items));
    }

    static ImapDecodeError error(String tag, String reason, boolean mustClose) {
        return new ImapDecodeError(tag, reason, mustClose);
    }

    /**
     * Plays the handler's part in AUTHENTICATE: after {@code AUTHENTICATE mech} it asks the
     * decoder for the continuation lines the mechanism needs (two for LOGIN, one otherwise;
     * one less with an initial response).
     */
    static final class ContinuationTrigger extends ChannelInboundHandlerAdapter {
        private final ImapCommandDecoder decoder;
        private int pending;

        ContinuationTrigger(ImapCommandDecoder decoder) {
            this.decoder = decoder;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ImapCommand command && command.verb().equals("AUTHENTICATE")
                    && !command.arguments().isEmpty()) {
                boolean login = command.arguments().get(0).text().equalsIgnoreCase("LOGIN");
                pending = (login ? 2 : 1) - (command.arguments().size() - 1);
            } else if (msg instanceof ImapContinuation) {
                pending--;
            }
            if (pending > 0 && (msg instanceof ImapCommand || msg instanceof ImapContinuation)) {
                decoder.expectContinuation();
            }
            ctx.fireChannelRead(msg);
        }
    }
}
