package io.postern.engine;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;

/**
 * How an upstream login ended. The buffers belong to whoever receives the result: written
 * to the client, or released.
 */
public sealed interface UpstreamLoginResult {

    /** The upstream accepted the login; {@code reply} is its answer, to relay to the client. */
    record Accepted(ByteBuf reply) implements UpstreamLoginResult {
    }

    /** The upstream refused the login; {@code reply} is its answer (relayed only with {@code proxy_pass_error_message}). */
    record Refused(ByteBuf reply) implements UpstreamLoginResult {
    }

    /** The upstream broke the protocol, closed, or timed out. */
    record Failed(String reason) implements UpstreamLoginResult {
    }

    /** Releases a buffer the result holds, for a result nobody will use. */
    static void release(UpstreamLoginResult result) {
        if (result instanceof Accepted a) {
            safeRelease(a.reply());
        } else if (result instanceof Refused r) {
            safeRelease(r.reply());
        }
    }

    private static void safeRelease(ReferenceCounted buf) {
        if (buf.refCnt() > 0) {
            buf.release();
        }
    }
}
