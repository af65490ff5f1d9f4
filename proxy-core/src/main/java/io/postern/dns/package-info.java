/**
 * The client's host name, as nginx's mail {@code resolver} finds it for SMTP: a PTR lookup of
 * the client's address checked by a forward lookup, with Netty's asynchronous DNS client.
 * Entry points: {@link io.postern.dns.ResolverSettings} (the {@code resolver} and
 * {@code resolver_timeout} directives) and {@link io.postern.dns.ClientHostResolvers}.
 */
package io.postern.dns;
