package io.postern.imap.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.imap.ImapResponse;
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

    @Test
    void stopsReadingAClientThatDoesNotReadTheAnswersPosternGivesItself() {
        RecordingFilter denyAll = new RecordingFilter().commands(c ->
                CommandVerdict.answer(ImapResponse.Tagged.no(c.tag(), "not here")));
        try (RelayHarness relay = new RelayHarness(denyAll)) {
            SlowPeer slow = SlowPeer.on(relay.client);
            relay.fromClient("a1 DELETE INBOX\r\na2 DELETE INBOX\r\na3 DELETE INBOX\r\na4 DELETE INBOX\r\n");
            assertThat(relay.client.isWritable()).isFalse();
            assertThat(relay.client.config().isAutoRead()).isFalse();
            slow.drain();
            assertThat(relay.client.config().isAutoRead()).isTrue();
            assertThat(relay.toClient()).isEqualTo("a1 NO not here\r\na2 NO not here\r\na3 NO not here\r\na4 NO not here\r\n");
        }
    }

    @Test
    void stopsReadingAClientWhoseAnswersPileUpBehindAnUnansweredCommand() {
        RecordingFilter denyDelete = new RecordingFilter().commands(c -> c.verb().equals("DELETE")
                ? CommandVerdict.answer(ImapResponse.Tagged.no(c.tag(), "not here")) : CommandVerdict.pass());
        try (RelayHarness relay = new RelayHarness(denyDelete)) {
            StringBuilder pipeline = new StringBuilder("a0 NOOP\r\n");
            for (int i = 1; i <= io.postern.relay.FramedConnection.MAX_HELD_LINES + 1; i++) {
                pipeline.append('d').append(i).append(" DELETE INBOX\r\n");
            }
            relay.fromClient(pipeline.toString());
            assertThat(relay.client.config().isAutoRead()).isFalse();
            relay.fromServer("a0 OK done\r\n");
            assertThat(relay.client.config().isAutoRead()).isTrue();
            assertThat(relay.toClient()).startsWith("a0 OK done\r\nd1 NO not here\r\n")
                    .endsWith("d" + (io.postern.relay.FramedConnection.MAX_HELD_LINES + 1) + " NO not here\r\n");
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
