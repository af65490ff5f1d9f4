package io.postern.engine;

import io.netty.buffer.ByteBuf;
import io.postern.spi.AuthDecision;
import io.postern.spi.Refusal;

/**
 * What the engine tells a protocol's pre-login handler about a login attempt; the handler
 * turns it into the protocol's words. Buffers belong to the receiver.
 */
public sealed interface LoginOutcome {

    /**
     * Logged in: {@link Relay#start} relays {@code reply} to the client, through the session's
     * filters when it has some.
     *
     * @param upstream the logged-in upstream channel, on the client's event loop
     */
    record LoggedIn(io.netty.channel.Channel upstream, ByteBuf reply) implements LoginOutcome {
    }

    /** The AUTH phase refused the login. */
    record Rejected(AuthDecision.Rejected decision) implements LoginOutcome {
    }

    /** The upstream refused the login and {@code proxy_pass_error_message} is on: relay {@code reply}, then close. */
    record UpstreamRefused(ByteBuf reply) implements LoginOutcome {
    }

    /**
     * A per-user limit refused the login the AUTH phase accepted: send {@code line} (the
     * protocol's refusal, without its line ending), then close.
     */
    record Refused(Refusal refusal, String line) implements LoginOutcome {
    }

    /** Anything else: answer with the protocol's internal error and close. The reason is already logged. */
    record InternalError(String reason) implements LoginOutcome {
    }
}
