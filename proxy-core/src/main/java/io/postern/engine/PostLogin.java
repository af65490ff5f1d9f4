package io.postern.engine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * How a protocol's logged-in sessions are relayed when post-login filters may want them; built
 * once per server from the phases. {@link Relay#start} asks it first and falls back to the
 * raw relay.
 */
@FunctionalInterface
public interface PostLogin {

    /** No filters for the protocol and no rule of its own: every session takes the raw relay. */
    PostLogin RAW = (session, upstream, loginReply) -> false;

    /**
     * Starts the framed relay when a filter wants the session or the protocol's own rule
     * requires it, on its event loop. The session's filters are opened before anything reaches
     * the client: the upstream's reply to the login is the first message the relay passes
     * through them (paired with no command), then what the upstream and the client sent after.
     *
     * @param loginReply the upstream's answer to the login, not yet written to the client; owned
     *     by this method when it returns true (relayed or released)
     * @return false to leave the session, and the reply, to the raw relay
     */
    boolean startFiltered(Session session, Channel upstream, ByteBuf loginReply);
}
