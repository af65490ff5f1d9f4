package io.postern.imap.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.postern.spi.filter.Direction;
import io.postern.spi.imap.ImapFilter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * A 50 MB APPEND and a 50 MB FETCH through an active (identity) filter never gather the
 * message: every buffer of both channels comes from one counting allocator, and the bytes it
 * holds at any moment, as well as what the decoders keep, stay a small multiple of one read,
 * while all 50 MB arrive intact and pass the filter's streamed-data view.
 */
class LargeLiteralMemoryTest {

    private static final int SIZE = 50 * 1024 * 1024;
    private static final int READ = 64 * 1024;
    private static final long BOUND = 4L * READ;

    private final UnpooledByteBufAllocator allocator = new UnpooledByteBufAllocator(false);
    private final CountingFilter filter = new CountingFilter();

    @Test
    void streamsA50MegabyteAppendWithBoundedMemory() {
        try (RelayHarness relay = harness()) {
            String head = "a1 APPEND INBOX (\\Seen) {" + SIZE + "}\r\n";
            send(relay.client, head.getBytes(StandardCharsets.US_ASCII));
            assertThat(drain(relay.upstream, null)).isEqualTo(head.length());
            send(relay.upstream, "+ Ready\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(drain(relay.client, null)).isEqualTo("+ Ready\r\n".length());

            Stream stream = new Stream();
            CRC32 received = new CRC32();
            long bytes = 0;
            long peak = 0;
            int peakBuffered = 0;
            ImapCommandFraming decoder = (ImapCommandFraming) relay.handlers.clientDecoder();
            while (stream.sent < SIZE) {
                send(relay.client, stream.next());
                peak = Math.max(peak, allocator.metric().usedHeapMemory());
                peakBuffered = Math.max(peakBuffered, decoder.buffered());
                bytes += drain(relay.upstream, received);
            }
            send(relay.client, ")\r\n".getBytes(StandardCharsets.US_ASCII));
            bytes += drain(relay.upstream, null);

            assertThat(bytes).isEqualTo(SIZE + 3L);
            assertThat(received.getValue()).isEqualTo(stream.sentChecksum.getValue());
            assertThat(filter.streamed(Direction.FROM_CLIENT)).isEqualTo(SIZE);
            assertThat(peak).as("bytes held by the allocator at most (one read at least: it counts)").isBetween((long) READ, BOUND);
            assertThat(peakBuffered).as("bytes kept by the decoder at most").isLessThanOrEqualTo(READ);
            assertThat(allocator.metric().usedHeapMemory()).isZero();
        }
    }

    @Test
    void streamsA50MegabyteFetchWithBoundedMemory() {
        try (RelayHarness relay = harness()) {
            send(relay.client, "a1 UID FETCH 7 BODY.PEEK[]\r\n".getBytes(StandardCharsets.US_ASCII));
            drain(relay.upstream, null);
            String head = "* 1 FETCH (UID 7 BODY[] {" + SIZE + "}\r\n";
            send(relay.upstream, head.getBytes(StandardCharsets.US_ASCII));
            assertThat(drain(relay.client, null)).isEqualTo(head.length());

            Stream stream = new Stream();
            CRC32 received = new CRC32();
            long bytes = 0;
            long peak = 0;
            int peakBuffered = 0;
            ImapResponseFraming decoder = (ImapResponseFraming) relay.handlers.upstreamDecoder();
            while (stream.sent < SIZE) {
                send(relay.upstream, stream.next());
                peak = Math.max(peak, allocator.metric().usedHeapMemory());
                peakBuffered = Math.max(peakBuffered, decoder.buffered());
                bytes += drain(relay.client, received);
            }
            send(relay.upstream, " FLAGS (\\Seen))\r\na1 OK done\r\n".getBytes(StandardCharsets.US_ASCII));
            bytes += drain(relay.client, null);

            assertThat(bytes).isEqualTo(SIZE + " FLAGS (\\Seen))\r\na1 OK done\r\n".length());
            assertThat(received.getValue()).isEqualTo(stream.sentChecksum.getValue());
            assertThat(filter.streamed(Direction.FROM_SERVER)).isEqualTo(SIZE);
            assertThat(peak).as("bytes held by the allocator at most (one read at least: it counts)").isBetween((long) READ, BOUND);
            assertThat(peakBuffered).as("bytes kept by the decoder at most").isLessThanOrEqualTo(READ);
            assertThat(allocator.metric().usedHeapMemory()).isZero();
        }
    }

    private RelayHarness harness() {
        RelayHarness relay = new RelayHarness(ImapFramedRelay.INLINE_FLOOR, null, filter);
        relay.client.config().setAllocator(allocator);
        relay.upstream.config().setAllocator(allocator);
        return relay;
    }

    /** One read from the counting allocator, as a channel's read would be. */
    private void send(EmbeddedChannel channel, byte[] bytes) {
        ByteBuf read = allocator.heapBuffer(bytes.length);
        read.writeBytes(bytes);
        channel.writeInbound(read);
    }

    /** Releases what {@code channel} received, counting it (and adding it to {@code checksum}, unless null). */
    private static long drain(EmbeddedChannel channel, CRC32 checksum) {
        long bytes = 0;
        for (Object message = channel.readOutbound(); message != null; message = channel.readOutbound()) {
            ByteBuf buffer = (ByteBuf) message;
            bytes += buffer.readableBytes();
            if (checksum != null) {
                checksum.update(buffer.nioBuffer());
            }
            buffer.release();
        }
        return bytes;
    }

    /** The message's bytes, generated a read at a time. */
    private static final class Stream {
        final CRC32 sentChecksum = new CRC32();
        long sent;
        private final byte[] pattern = new byte[READ + 251];

        Stream() {
            for (int i = 0; i < pattern.length; i++) {
                pattern[i] = (byte) (i * 31 + (i >> 8));
            }
        }

        byte[] next() {
            int length = (int) Math.min(READ, SIZE - sent);
            byte[] read = new byte[length];
            System.arraycopy(pattern, (int) (sent % 251), read, 0, length);
            sentChecksum.update(read);
            sent += length;
            return read;
        }
    }

    /** An identity filter that counts the streamed bytes it is shown. */
    private static final class CountingFilter implements ImapFilter {
        private final long[] streamed = new long[Direction.values().length];

        @Override
        public void onStreamedData(Direction direction, ByteBuffer chunk) {
            streamed[direction.ordinal()] += chunk.remaining();
        }

        long streamed(Direction direction) {
            return streamed[direction.ordinal()];
        }
    }
}
