/**
 * POP3 (RFC 1939, RFC 2449 CAPA, RFC 5034 SASL) before login, as nginx's mail proxy speaks
 * it: {@link io.postern.pop3.Pop3Protocol} is the engine's descriptor,
 * {@link io.postern.pop3.Pop3PreLoginHandler} the client dialogue up to the login, and
 * {@link io.postern.pop3.Pop3UpstreamLogin} the replay of USER and PASS to the upstream.
 */
package io.postern.pop3;
