/**
 * The core half of the POST-LOGIN phase, shared by the three protocols: opening a session's
 * filters ({@link io.postern.relay.FilteredPostLogin}), running them in order
 * ({@link io.postern.relay.FilterChain}) and pausing a channel's reads for several reasons at
 * once ({@link io.postern.relay.ReadGate}).
 *
 * <p>The pieces of a framed relay that are not any one protocol's: the two channels with the
 * raw relay's backpressure and close rules ({@link io.postern.relay.FramedConnection}, and
 * {@link io.postern.relay.FramedSide} for the handler after each side's decoder); a decoder
 * base that can pause between two frames without reading on
 * ({@link io.postern.relay.FrameDecoder}); the client's replies in command order, local answers
 * included ({@link io.postern.relay.ReplyQueue}); streamed payloads
 * ({@link io.postern.relay.StreamChunk}, {@link io.postern.relay.StreamEnd}) and a decoder's
 * reports ({@link io.postern.relay.FramingError}, {@link io.postern.relay.RefusedLine}); and,
 * for the line protocols, lines ({@link io.postern.relay.Lines}) and the end of a
 * dot-terminated block ({@link io.postern.relay.DotTerminator}).
 *
 * <p>The framing itself lives with each protocol ({@code io.postern.imap.relay},
 * {@code io.postern.pop3.relay}, {@code io.postern.smtp.relay}).
 */
package io.postern.relay;
