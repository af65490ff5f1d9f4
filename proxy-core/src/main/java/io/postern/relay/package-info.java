/**
 * The one post-login relay engine, shared by IMAP, POP3 and SMTP: what the core does with a
 * logged-in session whose filters want it framed (or whose protocol's own rule frames it).
 * Entry points: {@link io.postern.relay.FilteredPostLogin} opens a session's filters before the
 * login's reply is written and picks the framed or the raw relay;
 * {@link io.postern.relay.FilterChain} runs the filters, commands in phase order and responses
 * in reverse, each response with the command it answers as that filter saw it
 * ({@link io.postern.relay.SeenCommand}), a filter's answer back through the filters before it,
 * and a failing filter reported as a {@link io.postern.relay.FilterFailure}.
 *
 * <p>The engine: {@link io.postern.relay.FramedConnection} (the two channels, the raw relay's
 * backpressure and close-on-flush rules, Postern's own lines only between two server messages
 * through {@link io.postern.relay.ProxyOutput}, the goodbye), {@link io.postern.relay.FramedSide}
 * (the handler after each side's decoder), {@link io.postern.relay.FrameDecoder} (the one decoder
 * base: pausable between two frames without reading on, handing leftover bytes on),
 * {@link io.postern.relay.ReplyQueue} (the client's replies in command order, paired by tag for
 * IMAP and in order for POP3 and SMTP, local answers included), {@link io.postern.relay.ReadGate}
 * (reads paused for several reasons at once), the frames shared by the codecs
 * ({@link io.postern.relay.StreamChunk}, {@link io.postern.relay.StreamEnd},
 * {@link io.postern.relay.FramingError}, {@link io.postern.relay.RefusedLine}) and, for the line
 * protocols, {@link io.postern.relay.Lines} and {@link io.postern.relay.DotTerminator}.
 *
 * <p>Each protocol adds only its codec: its decoders, what a command expects back, the core's
 * own refusals and capability edits ({@code io.postern.imap.relay} with IMAP's literal
 * handshake, {@code io.postern.pop3.relay}, {@code io.postern.smtp.relay}).
 */
package io.postern.relay;
