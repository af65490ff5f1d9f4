package io.postern.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.postern.relay.ReadGate.Reason;
import org.junit.jupiter.api.Test;

class ReadGateTest {

    @Test
    void readingResumesOnlyWhenEveryReasonHasEnded() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ReadGate gate = new ReadGate(channel);

        gate.close(Reason.AWAITING_PEER);
        gate.close(Reason.PEER_BACKPRESSURE);
        gate.open(Reason.PEER_BACKPRESSURE);

        assertThat(channel.config().isAutoRead()).isFalse();
        assertThat(gate.isClosed(Reason.AWAITING_PEER)).isTrue();

        gate.open(Reason.AWAITING_PEER);

        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(gate.isClosed()).isFalse();
        channel.finishAndReleaseAll();
    }

    @Test
    void openingAReasonThatNeverClosedChangesNothing() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ReadGate gate = new ReadGate(channel);

        gate.open(Reason.AWAITING_PEER);

        assertThat(channel.config().isAutoRead()).isTrue();
        channel.finishAndReleaseAll();
    }
}
