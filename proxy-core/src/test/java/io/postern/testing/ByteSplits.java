package io.postern.testing;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Chunkings of a byte array for decoder tests: the input whole, one byte at a time, split in
 * two at every byte boundary, or cut at random places; and the feeding of a chunking into an
 * {@link EmbeddedChannel}. A decoder must produce the same messages for all of them.
 */
public final class ByteSplits {

    /** One way to cut an input into the reads a channel sees. */
    public record Chunking(String description, List<byte[]> chunks) {
        public Chunking {
            chunks = List.copyOf(chunks);
        }

        @Override
        public String toString() {
            return description;
        }
    }

    private ByteSplits() {
    }

    /** The input whole, byte at a time, and split in two at each of its inner boundaries. */
    public static List<Chunking> all(byte[] input) {
        List<Chunking> result = new ArrayList<>();
        result.add(new Chunking("whole", List.of(input.clone())));
        result.add(byteAtATime(input));
        for (int i = 1; i < input.length; i++) {
            result.add(new Chunking("split at " + i,
                    List.of(Arrays.copyOfRange(input, 0, i), Arrays.copyOfRange(input, i, input.length))));
        }
        return result;
    }

    /**
     * {@link #all} for a short input; for a longer one, where a split at every boundary would
     * cost more than it finds, the input whole, one byte at a time and {@code randomCuts}
     * random chunkings (seeded, so a failure repeats).
     */
    public static List<Chunking> many(byte[] input, int randomCuts) {
        if (input.length <= 160) {
            return all(input);
        }
        List<Chunking> result = new ArrayList<>();
        result.add(new Chunking("whole", List.of(input.clone())));
        result.add(byteAtATime(input));
        Random random = new Random(input.length);
        for (int i = 0; i < randomCuts; i++) {
            Chunking cut = random(input, random, 1 + random.nextInt(64));
            result.add(new Chunking(cut.description() + " #" + i, cut.chunks()));
        }
        return result;
    }

    /** The input one byte per read. */
    public static Chunking byteAtATime(byte[] input) {
        List<byte[]> chunks = new ArrayList<>(input.length);
        for (byte b : input) {
            chunks.add(new byte[] {b});
        }
        return new Chunking("byte at a time", chunks);
    }

    /** The input cut into reads of 1 to {@code maxChunk} bytes chosen by {@code random}. */
    public static Chunking random(byte[] input, Random random, int maxChunk) {
        List<byte[]> chunks = new ArrayList<>();
        int start = 0;
        while (start < input.length) {
            int end = Math.min(input.length, start + 1 + random.nextInt(maxChunk));
            chunks.add(Arrays.copyOfRange(input, start, end));
            start = end;
        }
        return new Chunking("random chunks of up to " + maxChunk, chunks);
    }

    /**
     * Writes each chunk as a separate read (a buffer from the channel's allocator) and returns
     * every message that reached the end of the pipeline, in order.
     */
    public static List<Object> feed(EmbeddedChannel channel, Chunking chunking) {
        List<Object> messages = new ArrayList<>();
        for (byte[] chunk : chunking.chunks()) {
            ByteBuf buffer = channel.alloc().buffer(chunk.length);
            buffer.writeBytes(chunk);
            channel.writeInbound(buffer);
            messages.addAll(readAll(channel));
        }
        return messages;
    }

    /** Reads every inbound message waiting at the end of the pipeline. */
    public static List<Object> readAll(EmbeddedChannel channel) {
        List<Object> messages = new ArrayList<>();
        for (Object message = channel.readInbound(); message != null; message = channel.readInbound()) {
            messages.add(message);
        }
        return messages;
    }

    /**
     * Removes {@code decoder} from the pipeline, which hands its unconsumed bytes on, and returns
     * those bytes (releasing their buffers). Empty when the decoder kept nothing.
     */
    public static byte[] removeAndCollectLeftover(EmbeddedChannel channel, ChannelHandler decoder) {
        channel.pipeline().remove(decoder);
        List<byte[]> parts = new ArrayList<>();
        for (Object message : readAll(channel)) {
            if (!(message instanceof ByteBuf buffer)) {
                throw new AssertionError("unexpected message after removing the decoder: " + message);
            }
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            buffer.release();
            parts.add(bytes);
        }
        return concat(parts);
    }

    private static byte[] concat(List<byte[]> parts) {
        int length = parts.stream().mapToInt(part -> part.length).sum();
        byte[] all = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, offset, part.length);
            offset += part.length;
        }
        return all;
    }
}
