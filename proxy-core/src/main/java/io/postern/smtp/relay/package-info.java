/**
 * The framed POST-LOGIN relay of SMTP sessions that have filters: commands and whole
 * multi-line replies paired in order (RFC 2920 pipelining), message data streamed to its
 * {@code CRLF.CRLF} with bare CR or LF refused (no SMTP smuggling), BDAT chunks counted
 * (RFC 3030), STARTTLS and AUTH refused after login. Entry point:
 * {@link io.postern.smtp.relay.SmtpRelay#start}, called through
 * {@link io.postern.smtp.SmtpProtocol#postLogin}.
 */
package io.postern.smtp.relay;
