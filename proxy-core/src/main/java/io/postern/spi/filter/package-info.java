/**
 * The POST-LOGIN phase: filters that see, rewrite, refuse or answer every command a client
 * sends and every response its server returns once the upstream accepted the login.
 *
 * <p>A module registers a {@link io.postern.spi.filter.FilterFactory} per protocol with
 * {@link io.postern.spi.ModuleContext#addImapFilter}, {@code addPop3Filter} or
 * {@code addSmtpFilter}. When a session logs in, each factory of its protocol is asked for a
 * filter for that session; when none answers one, the session keeps the raw relay (bytes
 * copied as they come, nothing parsed). Otherwise the core frames both streams and passes
 * every command through the session's filters in phase order and every response, the login's
 * reply first, in reverse phase order with the command it answers (SPI 1.4), then re-encodes
 * what they let through. A message a filter passes unchanged is sent as the bytes that
 * arrived, so an identity filter changes nothing on the wire.
 *
 * <p>Everything here is an immutable value without Netty types. Filters are called on the
 * session's event loop, one call at a time; they must return quickly and never block: a filter
 * that must wait for another service answers {@code later} with a {@code CompletionStage}.
 */
package io.postern.spi.filter;
