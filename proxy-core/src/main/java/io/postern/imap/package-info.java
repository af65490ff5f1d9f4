/**
 * IMAP before login: {@link io.postern.imap.ImapCommandDecoder} turns the client's bytes into
 * {@link io.postern.imap.ImapCommand}s (with {@link io.postern.imap.ImapValue} arguments),
 * {@link io.postern.imap.ImapLiteralRequest}s, {@link io.postern.imap.ImapContinuation}s and
 * {@link io.postern.imap.ImapDecodeError}s. The messages are plain records with no Netty types.
 */
package io.postern.imap;
