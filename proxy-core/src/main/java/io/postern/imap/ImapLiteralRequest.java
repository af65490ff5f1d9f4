package io.postern.imap;

import java.util.Objects;

/**
 * The client announced a synchronizing literal {@code {n}} and now waits: the handler must send
 * {@code + OK\r\n} (nginx's text) before the client sends the literal's bytes. Emitted once per
 * synchronizing literal, only when the literal fits the command length limit.
 *
 * @param tag the tag of the command the literal belongs to
 */
public record ImapLiteralRequest(String tag) {
    public ImapLiteralRequest {
        Objects.requireNonNull(tag, "tag");
    }
}
