package io.postern.spi.smtp;

import io.postern.spi.filter.PostLoginFilter;

/**
 * A post-login filter of an SMTP session. Replies are paired with commands in order (RFC 2920
 * pipelining keeps that order). The message after {@code DATA}'s {@code 354} and the chunk
 * after each {@code BDAT} are streamed: filters see the command, then the bytes through
 * {@link #onStreamedData}, then the reply. A message's data ends only at
 * {@code CRLF.CRLF}: a bare LF never ends it.
 *
 * <p>The core refuses {@code STARTTLS} after login and removes {@code STARTTLS} from the EHLO
 * keywords; filters see the EHLO reply with what is left, as {@link SmtpReply#lines()}.
 */
public interface SmtpFilter extends PostLoginFilter<SmtpCommand, SmtpReply> {
}
