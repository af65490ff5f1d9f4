package io.postern.spi.filter;

import java.nio.ByteBuffer;

/**
 * One session's filter of the POST-LOGIN phase. Every method has a default that lets
 * everything through unchanged, so a filter overrides only what it needs.
 *
 * <p>Commands reach the filters in the order the client sent them and in phase order; responses
 * in the order the server sent them and in <em>reverse</em> phase order (the filter nearest the
 * server first, as in Kroxylicious; since SPI 1.4). A verdict other than pass stops the chain for
 * that message: the filters after it see a replacement, and nothing of a dropped message. A
 * filter's {@code Answer} to a command passes back through the response path of the filters
 * before it, each seeing the answer paired with the command as it saw it. Called on the session's
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

    /**
     * A response from the upstream, before it is sent to the client. The core calls
     * {@link #onResponse(Object, Object)}, whose default calls this one.
     */
    default ResponseVerdict<R> onResponse(R response) {
        return ResponseVerdict.pass();
    }

    /**
     * A response, with the command it answers as <em>this</em> filter saw it (its input to
     * {@link #onCommand}: an outer filter sees the client's command, an inner one that command
     * as the filters before it replaced it). Which command a response answers:
     * <ul>
     *   <li>IMAP: a tagged response, the command with its tag; an untagged response or a
     *       continuation request, the oldest command still waiting for its tagged response;</li>
     *   <li>POP3 and SMTP: the oldest command still waiting for its reply (replies come in
     *       order, RFC 2920); SMTP's {@code 354} and the reply after the message's data both
     *       answer its {@code DATA}, each {@code BDAT} chunk has its own reply;</li>
     *   <li>{@code null} when no command waits: an unsolicited response, and the reply to the
     *       login (IMAP's tagged {@code OK}, POP3's {@code +OK}, SMTP's {@code 235}).</li>
     * </ul>
     * The default calls {@link #onResponse(Object)}, so filters written for an older SPI work
     * unchanged.
     *
     * <p>Added in SPI 1.4.
     *
     * @param command the command this response answers, as this filter saw it, or {@code null}
     */
    default ResponseVerdict<R> onResponse(C command, R response) {
        return onResponse(response);
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
