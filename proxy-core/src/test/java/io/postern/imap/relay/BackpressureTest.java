package io.postern.imap.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/**
 * Each side reads only while the other can take what it sends, and the client also waits while
 * the upstream must answer a literal's header: the two reasons pause and resume independently.
 */
class BackpressureTest {

    private static final String BODY = "z".repeat(400);

    @Test
    void stopsReadingTheClientWhileTheUpstreamCannotTakeMore() {
        try (RelayHarness relay = new RelayHarness(16, "* CAPABILITY IMAP4rev1 LITERAL+", new RecordingFilter())) {
            SlowPeer slow = SlowPeer.on(relay.upstream);
            relay.fromClient("a1 APPEND INBOX {400+}\r\n" + BODY);
            assertThat(relay.upstream.isWritable()).isFalse();
            assertThat(relay.client.config().isAutoRead()).isFalse();

            slow.drain();
            assertThat(relay.client.config().isAutoRead()).isTrue();
            assertThat(relay.toUpstream()).isEqualTo("a1 APPEND INBOX {400+}\r\n" + BODY);
        }
    }

    @Test
    void stopsReadingTheUpstreamWhileTheClientCannotTakeMore() {
        try (RelayHarness relay = new RelayHarness(new RecordingFilter())) {
            SlowPeer slow = SlowPeer.on(relay.client);
            String fetch = "* 1 FETCH (BODY[] {400}\r\n" + BODY + ")\r\n";
            relay.fromServer(fetch);
            assertThat(relay.upstream.config().isAutoRead()).isFalse();

            slow.drain();
            assertThat(relay.upstream.config().isAutoRead()).isTrue();
            assertThat(relay.toClient()).isEqualTo(fetch);
        }
    }

    @Test
    void keepsTheClientWaitingForTheLiteralsContinuationWhateverTheBackpressure() {
        try (RelayHarness relay = new RelayHarness(new RecordingFilter())) {
            SlowPeer slow = SlowPeer.on(relay.upstream);
            relay.fromClient("a1 APPEND INBOX {400}\r\n");
            assertThat(relay.client.config().isAutoRead()).as("waiting for the upstream's +").isFalse();
            slow.drain();
            assertThat(relay.client.config().isAutoRead()).as("still waiting for the upstream's +").isFalse();
            relay.fromServer("+ go\r\n");
            assertThat(relay.client.config().isAutoRead()).isTrue();
            assertThat(relay.toClient()).isEqualTo("+ go\r\n");
        }
    }

    /** Holds a channel's flushes, so that what is written stays pending, as toward a slow peer. */
    private static final class SlowPeer extends ChannelOutboundHandlerAdapter {
        private ChannelHandlerContext context;
        private boolean holding = true;

        static SlowPeer on(EmbeddedChannel channel) {
            SlowPeer slow = new SlowPeer();
            channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(32, 64));
            channel.pipeline().addFirst(slow);
            return slow;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            context = ctx;
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            if (!holding) {
                ctx.flush();
            }
        }

        void drain() {
            holding = false;
            context.flush();
        }
    }
}
