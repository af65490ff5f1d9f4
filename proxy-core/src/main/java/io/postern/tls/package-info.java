/**
 * TLS on both legs of a session, with OpenSSL (netty-tcnative's BoringSSL) or the JDK's TLS
 * as {@code ssl_provider} says ({@link io.postern.tls.ProviderChoice}): the client side of a
 * server block ({@link io.postern.tls.ServerTls}, built from nginx's {@code ssl_*} directives
 * by {@link io.postern.tls.ServerTlsBuilder}) and the upstream side
 * ({@link io.postern.tls.UpstreamTls}, from the {@code proxy_ssl*} directives). Nothing here
 * knows a mail protocol or a session; the engine installs the handlers these build.
 */
package io.postern.tls;
