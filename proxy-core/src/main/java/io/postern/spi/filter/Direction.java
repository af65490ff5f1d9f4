package io.postern.spi.filter;

/** Which way streamed bytes travel. */
public enum Direction {
    /** From the client toward the upstream: APPEND literals, SMTP message data. */
    FROM_CLIENT,
    /** From the upstream toward the client: FETCH literals, POP3 RETR and TOP bodies. */
    FROM_SERVER
}
