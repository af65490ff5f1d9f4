package io.postern.engine;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;

/**
 * The child handler of one listening socket. It hands each accepted connection to the
 * {@link SessionInitializer} of the current generation, which a reload swaps: the socket stays
 * bound throughout, so no connection is refused while the configuration changes.
 */
@ChannelHandler.Sharable
final class ListenerSlot extends ChannelInitializer<Channel> {

    private volatile SessionInitializer initializer;

    void route(SessionInitializer next) {
        this.initializer = next;
    }

    @Override
    protected void initChannel(Channel channel) {
        initializer.initChannel(channel);
    }
}
