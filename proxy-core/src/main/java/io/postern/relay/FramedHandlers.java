package io.postern.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.postern.engine.Relay;
import io.postern.engine.Session;

/**
 * The four handlers of one framed session, before they are installed: a decoder and its
 * handler on the client's channel, a decoder and its handler on the upstream's.
 */
public record FramedHandlers(ChannelHandler clientDecoder, ChannelHandler clientSide, ChannelHandler upstreamDecoder,
                             ChannelHandler upstreamSide) {

    /** In pipeline order, for a test harness that installs them on embedded channels. */
    public ChannelHandler[] all() {
        return new ChannelHandler[] {clientDecoder, clientSide, upstreamDecoder, upstreamSide};
    }

    /**
     * Installs them on a logged-in session's channels ({@link Relay#install}) and starts
     * reading, the upstream's {@code loginReply} first.
     */
    public void install(Session session, Channel upstream, FramedConnection connection, ByteBuf loginReply) {
        Relay.install(session, upstream, new ChannelHandler[] {clientDecoder, clientSide},
                new ChannelHandler[] {upstreamDecoder, upstreamSide}, loginReply);
        // What the client pipelined behind its login flowed in during the install, which then
        // turned reading on: a pause it caused (a DATA waiting for its 354) must hold.
        connection.clientGate().reapply();
        connection.upstreamGate().reapply();
    }
}
