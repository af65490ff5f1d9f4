package io.postern.imap.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.postern.relay.FrameDecoder;
import io.postern.relay.ReadGate;
import io.postern.relay.StreamChunk;
import io.postern.spi.imap.ImapCommand;
import io.postern.spi.imap.ImapResponse;
import io.postern.testing.ByteSplits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What a decoder produced, as plain values with chunk boundaries merged away (consecutive
 * literal chunks, the parts of one raw line), so that every chunking of an input can be
 * compared with one expectation. Bytes are shown as ISO-8859-1 strings, one char per byte.
 */
final class Frames {

    record Command(ImapCommand command, String bytes, List<LiteralMark> literals, Optional<LiteralMark> streamed) {
    }

    record Response(ImapResponse response, String bytes, Optional<LiteralMark> streamed) {
    }

    record Literal(String bytes, boolean seen) {
    }

    record Raw(String bytes, boolean startsMessage, boolean lineEnded, Optional<LiteralMark> literal,
               Optional<String> completes) {
    }

    private Frames() {
    }

    static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String text(ByteBuf buffer) {
        return buffer.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * Asserts that {@code input}, whole, a byte at a time and split at every boundary, decodes
     * to {@code expected} with nothing left in the decoder.
     *
     * @param prepare called on each fresh decoder before its input (to expect a continuation line)
     */
    static void assertFrames(Function<ReadGate, FrameDecoder> decoder, Consumer<FrameDecoder> prepare, String input,
                             Object... expected) {
        byte[] bytes = bytes(input);
        for (ByteSplits.Chunking chunking : ByteSplits.all(bytes)) {
            assertThat(decode(decoder, prepare, chunking)).as(chunking.description()).containsExactly(expected);
        }
    }

    /** Decodes one chunking; asserts the decoder keeps no byte and the channel finishes clean. */
    static List<Object> decode(Function<ReadGate, FrameDecoder> decoders, Consumer<FrameDecoder> prepare,
                               ByteSplits.Chunking chunking) {
        EmbeddedChannel channel = new EmbeddedChannel();
        FrameDecoder decoder = decoders.apply(new ReadGate(channel));
        channel.pipeline().addLast(decoder);
        prepare.accept(decoder);
        List<Object> frames = normalise(ByteSplits.feed(channel, chunking));
        assertThat(decoder.buffered()).as("bytes left in the decoder (%s)", chunking.description()).isZero();
        assertThat(channel.finish()).as("channel.finish()").isFalse();
        return frames;
    }

    /** Turns decoded messages into values, releasing them. */
    static List<Object> normalise(List<Object> messages) {
        List<Object> frames = new ArrayList<>();
        for (Object message : messages) {
            try {
                add(frames, message);
            } finally {
                ReferenceCountUtil.release(message);
            }
        }
        return frames;
    }

    private static void add(List<Object> frames, Object message) {
        Object last = frames.isEmpty() ? null : frames.get(frames.size() - 1);
        if (message instanceof FramedCommand c) {
            frames.add(new Command(c.command(), text(c.content()), c.literals(), c.streamed()));
        } else if (message instanceof FramedResponse r) {
            frames.add(new Response(r.response(), text(r.content()), r.streamed()));
        } else if (message instanceof StreamChunk chunk) {
            if (last instanceof Literal previous && previous.seen() == chunk.seen()) {
                frames.set(frames.size() - 1, new Literal(previous.bytes() + text(chunk.content()), chunk.seen()));
            } else {
                frames.add(new Literal(text(chunk.content()), chunk.seen()));
            }
        } else if (message instanceof RawPart part) {
            String bytes = text(part.content());
            if (last instanceof Raw previous && !previous.lineEnded()) {
                int shift = previous.bytes().length();
                Optional<LiteralMark> literal = part.literal().map(m -> new LiteralMark(m.headerStart() + shift,
                        m.brace() + shift, m.headerEnd() + shift, m.length(), m.binary(), m.nonSync()));
                frames.set(frames.size() - 1, new Raw(previous.bytes() + bytes, previous.startsMessage(),
                        part.lineEnded(), literal, part.completes()));
            } else {
                frames.add(new Raw(bytes, part.startsMessage(), part.lineEnded(), part.literal(), part.completes()));
            }
        } else {
            frames.add(message);
        }
    }
}
