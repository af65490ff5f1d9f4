/**
 * The connection engine: listeners ({@link io.postern.engine.ProxyServer}, their failed
 * accepts in {@code AcceptFailures}), the session and its phases from accept to close
 * ({@link io.postern.engine.Session}, its pre-login timer {@code LoginTimer},
 * {@link io.postern.engine.LoginFlow}), the upstream connection with failover, and the raw
 * post-login relay ({@link io.postern.engine.Relay}). Protocols plug in through
 * {@link io.postern.engine.MailProtocol} and {@link io.postern.engine.UpstreamLogin}.
 */
package io.postern.engine;
