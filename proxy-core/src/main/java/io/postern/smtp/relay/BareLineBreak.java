package io.postern.smtp.relay;

/**
 * The client's message data held a CR or LF that is not part of a CRLF. The message is refused
 * (see {@link SmtpClientSide}); the decoder skips the rest of it and then ends its stream.
 */
record BareLineBreak() {
}
