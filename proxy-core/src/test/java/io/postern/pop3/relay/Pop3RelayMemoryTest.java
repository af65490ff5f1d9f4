package io.postern.pop3.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.postern.spi.filter.Direction;
import io.postern.spi.pop3.Pop3Filter;
import io.postern.testing.FramedRelayHarness;
import io.postern.testing.LargePayload;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * A 50 MB RETR through an active identity filter: the body is relayed as it comes, so what the
 * relay keeps allocated stays around one read however large the message, counted by the
 * allocator (every buffer of both channels comes from it), not by timing.
 */
class Pop3RelayMemoryTest {

    private static final long SIZE = 50L * 1024 * 1024;

    @Test
    void relaysA50MegabyteRetrHoldingAboutOneRead() {
        UnpooledByteBufAllocator allocator = new UnpooledByteBufAllocator(false);
        LargePayload body = LargePayload.ofAtLeast(SIZE);
        long[] streamed = {0};
        Pop3Filter identity = new Pop3Filter() {
            @Override
            public void onStreamedData(Direction direction, ByteBuffer chunk) {
                streamed[0] += chunk.remaining();
            }
        };
        CRC32 received = new CRC32();
        long[] peak = {0};
        try (FramedRelayHarness relay = Pop3Relays.relay(allocator, identity)) {
            relay.fromClient("RETR 1\r\n");
            FramedRelayHarness.discard(relay.upstream);
            relay.fromServer("+OK " + body.length() + " octets\r\n");
            assertThat(drain(relay, null)).isEqualTo("+OK ".length() + String.valueOf(body.length()).length() + 9);
            body.feed(read -> {
                relay.fromServer(read);
                peak[0] = Math.max(peak[0], allocator.metric().usedHeapMemory());
                drain(relay, received);
            });
            relay.fromServer(".\r\n+OK\r\n");
            assertThat(relay.toClient()).isEqualTo(".\r\n+OK\r\n");
        }
        assertThat(received.getValue()).as("the body arrives unchanged").isEqualTo(body.crc());
        assertThat(streamed[0]).as("the filter saw it all").isEqualTo(body.length());
        assertThat(peak[0]).as("bytes allocated at the worst moment").isLessThan(4L * LargePayload.READ_SIZE);
        assertThat(allocator.metric().usedHeapMemory()).as("nothing kept after the session").isZero();
    }

    /** What the client got since the last drain: its length, added to {@code crc} when given. */
    private static long drain(FramedRelayHarness relay, CRC32 crc) {
        long total = 0;
        for (Object message = relay.client.readOutbound(); message != null; message = relay.client.readOutbound()) {
            ByteBuf buffer = (ByteBuf) message;
            total += buffer.readableBytes();
            if (crc != null) {
                crc.update(buffer.nioBuffer());
            }
            buffer.release();
        }
        return total;
    }
}
