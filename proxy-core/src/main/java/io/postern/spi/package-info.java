/**
 * The only API a Postern module sees: its entry point {@link io.postern.spi.PosternModule},
 * the {@link io.postern.spi.ModuleContext} it registers handlers through, and the handler
 * interfaces of each phase ({@link io.postern.spi.Authenticator},
 * {@link io.postern.spi.UpstreamSelector}, {@link io.postern.spi.SessionListener}).
 *
 * <p>This package mentions only {@code java.*}, Typesafe Config and its own types, so that a
 * module compiled against one Postern release keeps working with the next one of the same SPI
 * major version. Every handler is called on the session's event-loop thread and must never
 * block it: answer with a {@link java.util.concurrent.CompletionStage} instead; a module that
 * talks to a server of its own does it on that same loop through the
 * {@link io.postern.spi.Connector} (SPI 1.5).
 */
package io.postern.spi;
