package io.postern.engine;

import io.netty.channel.Channel;

/**
 * How a protocol's logged-in sessions are relayed when post-login filters may want them; built
 * once per server from the phases. {@link Relay#start} asks it first and falls back to the
 * raw relay.
 */
@FunctionalInterface
public interface PostLogin {

    /** No filters for the protocol and no rule of its own: every session takes the raw relay. */
    PostLogin RAW = (session, upstream) -> false;

    /**
     * Starts the framed relay when a filter wants the session or the protocol's own rule
     * requires it, on its event loop, after the login reply was written to the client.
     *
     * @return false to leave the session to the raw relay
     */
    boolean startFiltered(Session session, Channel upstream);
}
