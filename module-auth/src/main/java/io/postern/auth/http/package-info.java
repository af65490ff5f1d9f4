/**
 * nginx's {@code auth_http} protocol for the AUTH phase: an asynchronous HTTP/1.x client on
 * {@code java.nio} channels (plain or TLS, pooled, with failover) that asks an nginx-style
 * auth server about each login. Entry points: {@link io.postern.auth.http.AuthHttpFeature},
 * which declares the {@code auth_http*} directives and registers the authenticator.
 */
package io.postern.auth.http;
