package io.postern.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * What a session amounted to, given to {@link SessionListener#onClose}.
 *
 * @param reason why it ended
 * @param duration from accept to close
 * @param bytesFromClient bytes read from the client, login dialogue included
 * @param bytesToClient bytes written to the client
 * @param authAttempts login attempts the AUTH phase saw
 * @param detail a short human explanation for the error log ("upstream 10.0.0.5:143 refused
 *     the connection"), or empty
 */
public record SessionSummary(CloseReason reason, Duration duration, long bytesFromClient, long bytesToClient,
                             int authAttempts, String detail) {
    public SessionSummary {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(detail, "detail");
    }
}
