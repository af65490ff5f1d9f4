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

    /** The initializer and the generation it belongs to, swapped together. */
    record Route(SessionInitializer initializer, Generation generation) {
    }

    private volatile Route route;

    ListenerSlot(Route route) {
        this.route = route;
    }

    void route(Route next) {
        this.route = next;
    }

    @Override
    protected void initChannel(Channel channel) throws Exception {
        Route current = route;
        current.generation().opened(channel);
        current.initializer().initChannel(channel);
    }
}
