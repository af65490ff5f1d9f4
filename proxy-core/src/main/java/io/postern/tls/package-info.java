/**
 * TLS on both legs of a session, with the JDK's TLS implementation: the client side of a
 * server block ({@link io.postern.tls.ServerTls}, built from nginx's {@code ssl_*} directives
 * by {@link io.postern.tls.ServerTlsBuilder}) and the upstream side
 * ({@link io.postern.tls.UpstreamTls}, from the {@code proxy_ssl*} directives). Nothing here
 * knows a mail protocol or a session; the engine installs the handlers these build.
 */
package io.postern.tls;
