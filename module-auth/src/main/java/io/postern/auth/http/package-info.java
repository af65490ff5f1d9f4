/**
 * nginx's {@code auth_http} protocol for the AUTH phase: an asynchronous HTTP/1.x client on
 * the core's event loops ({@link io.postern.spi.Connector}; plain or TLS, pooled per loop, with
 * failover) that asks an nginx-style auth server about each login, on the session's own loop. Entry points: {@link io.postern.auth.http.AuthHttpFeature},
 * which declares the {@code auth_http*} directives and registers the authenticator.
 */
package io.postern.auth.http;
