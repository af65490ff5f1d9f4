package io.postern.imap.relay;

/**
 * Input that cannot be framed at all (a literal length beyond any count): the session must
 * end, because where the next message starts is unknown.
 */
record FramingError(String reason) {
}
