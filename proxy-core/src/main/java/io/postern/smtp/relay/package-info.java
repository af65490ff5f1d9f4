/**
 * SMTP's codec for the one post-login relay engine ({@code io.postern.relay}), for sessions that
 * have filters or that the core frames: commands and whole multi-line replies paired in order
 * (RFC 2920 pipelining; DATA's 354 and final reply both with DATA), message data streamed to its
 * {@code CRLF.CRLF} with bare CR or LF refused (no SMTP smuggling), BDAT chunks counted
 * (RFC 3030), STARTTLS and AUTH refused after login. Entry point:
 * {@link io.postern.smtp.relay.SmtpRelay#handlers}, called through
 * {@link io.postern.smtp.SmtpProtocol#postLogin}.
 */
package io.postern.smtp.relay;
