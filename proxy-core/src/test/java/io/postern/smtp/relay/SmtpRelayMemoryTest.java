package io.postern.smtp.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.postern.spi.filter.Direction;
import io.postern.spi.smtp.SmtpFilter;
import io.postern.testing.FramedRelayHarness;
import io.postern.testing.LargePayload;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * A 50 MB DATA through an active identity filter: the message is relayed as it comes, so what
 * the relay keeps allocated stays around one read however large the message, counted by the
 * allocator (every buffer of both channels comes from it), not by timing.
 */
class SmtpRelayMemoryTest {

    private static final long SIZE = 50L * 1024 * 1024;

    @Test
    void relaysA50MegabyteMessageHoldingAboutOneRead() {
        UnpooledByteBufAllocator allocator = new UnpooledByteBufAllocator(false);
        LargePayload message = LargePayload.ofAtLeast(SIZE);
        long[] streamed = {0};
        SmtpFilter identity = new SmtpFilter() {
            @Override
            public void onStreamedData(Direction direction, ByteBuffer chunk) {
                streamed[0] += chunk.remaining();
            }
        };
        CRC32 received = new CRC32();
        long[] peak = {0};
        try (FramedRelayHarness relay = SmtpRelays.relay(allocator, identity)) {
            relay.fromClient("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n")
                    .fromServer("250 Ok\r\n250 Ok\r\n354 Go ahead\r\n");
            relay.toServer();
            relay.toClient();
            message.feed(read -> {
                relay.fromClient(read);
                peak[0] = Math.max(peak[0], allocator.metric().usedHeapMemory());
                drain(relay, received);
            });
            relay.fromClient(".\r\nQUIT\r\n");
            assertThat(relay.toServer()).isEqualTo(".\r\nQUIT\r\n");
            relay.fromServer("250 2.0.0 Ok: queued\r\n221 Bye\r\n");
            assertThat(relay.toClient()).isEqualTo("250 2.0.0 Ok: queued\r\n221 Bye\r\n");
        }
        assertThat(received.getValue()).as("the message arrives unchanged").isEqualTo(message.crc());
        assertThat(streamed[0]).as("the filter saw it all").isEqualTo(message.length());
        assertThat(peak[0]).as("bytes allocated at the worst moment").isLessThan(4L * LargePayload.READ_SIZE);
        assertThat(allocator.metric().usedHeapMemory()).as("nothing kept after the session").isZero();
    }

    private static void drain(FramedRelayHarness relay, CRC32 crc) {
        for (Object message = relay.upstream.readOutbound(); message != null; message = relay.upstream.readOutbound()) {
            ByteBuf buffer = (ByteBuf) message;
            crc.update(buffer.nioBuffer());
            buffer.release();
        }
    }
}
