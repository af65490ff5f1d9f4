/**
 * Protocol-neutral SASL helpers shared by IMAP, POP3 and SMTP: the supported
 * {@link io.postern.sasl.SaslMechanism}s, the decoders and challenges in
 * {@link io.postern.sasl.Sasl} (answering a {@link io.postern.sasl.SaslResult}, never
 * {@code null} or an exception for bad client input), and the CRAM-MD5/APOP
 * {@link io.postern.sasl.Salt}.
 */
package io.postern.sasl;
