/**
 * POP3's codec for the one post-login relay engine ({@code io.postern.relay}), for sessions that
 * have filters: commands paired with their answers in order (RFC 2449 pipelining), multi-line
 * answers framed by command, CAPA/LIST/UIDL blocks given to filters as lines and RETR/TOP bodies
 * streamed, STLS and AUTH refused after login. Entry point:
 * {@link io.postern.pop3.relay.Pop3Relay#handlers}, called through
 * {@link io.postern.pop3.Pop3Protocol#postLogin}.
 */
package io.postern.pop3.relay;
