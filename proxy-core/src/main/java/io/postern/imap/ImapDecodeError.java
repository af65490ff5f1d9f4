package io.postern.imap;

import java.util.Objects;

/**
 * An invalid command line. The decoder has already skipped to the end of the bad line (or, when
 * {@link #mustClose()} is true, discards everything that follows).
 *
 * @param tag the command's tag, or {@code null} when the tag itself was missing or invalid (the
 *     handler then answers untagged, {@code * BAD})
 * @param reason a short description for the log; never contains client data
 * @param mustClose true when the handler must answer and then close the connection: the
 *     command was too long, or the invalid line ended with a non-synchronizing literal
 *     {@code {n+}} whose bytes cannot be skipped safely
 */
public record ImapDecodeError(String tag, String reason, boolean mustClose) {
    public ImapDecodeError {
        Objects.requireNonNull(reason, "reason");
    }
}
