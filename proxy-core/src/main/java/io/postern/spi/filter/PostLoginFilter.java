package io.postern.spi.filter;

import java.nio.ByteBuffer;

/**
 * One session's filter of the POST-LOGIN phase. Every method has a default that lets
 * everything through unchanged, so a filter overrides only what it needs.
 *
 * <p>Commands reach the filters in the order the client sent them, responses in the order the
 * server sent them. A verdict other than pass stops the chain for that message: later filters
 * see a replacement, and nothing of an answered or dropped message. Called on the session's
 * event loop, one call at a time; a filter that throws ends its session (and only its
 * session) with the protocol's goodbye ({@code * BYE}, {@code -ERR}, {@code 421}).
 *
 * <p>Large payloads are never gathered whole: an IMAP literal longer than the session's
 * inline limit, a POP3 RETR or TOP body and SMTP message data reach the filter as a
 * placeholder in the message, their bytes then pass through {@link #onStreamedData} in chunks
 * as they are relayed.
 *
 * @param <C> the protocol's command type
 * @param <R> the protocol's response type
 */
public interface PostLoginFilter<C, R> {

    /** A command from the client, before it is sent upstream. */
    default CommandVerdict<C, R> onCommand(C command) {
        return CommandVerdict.pass();
    }

    /** A response from the upstream, before it is sent to the client. */
    default ResponseVerdict<R> onResponse(R response) {
        return ResponseVerdict.pass();
    }

    /**
     * A chunk of a streamed payload that belongs to the message this filter saw last in that
     * direction. Read-only, and valid only during the call: copy what must be kept. The bytes
     * are those on the wire (an IMAP literal's octets, a POP3 body or SMTP data with its dot
     * stuffing). Only observing is possible: streamed bytes are relayed as they are.
     */
    default void onStreamedData(Direction direction, ByteBuffer chunk) {
    }

    /**
     * The largest payload, in bytes, this filter needs to see whole inside a message (an IMAP
     * literal in a command or response); larger ones are streamed. The session uses the largest
     * limit of its filters, at least 8 KiB and at most 1 MiB (the core's bounds for IMAP).
     */
    default int inlineLimit() {
        return 0;
    }

    /** The session ended; release what the filter holds. Called once, last. */
    default void onClose() {
    }
}
