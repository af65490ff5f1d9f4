/**
 * The core half of the POST-LOGIN phase, shared by the three protocols: opening a session's
 * filters ({@link io.postern.filter.FilteredPostLogin}), running them in order
 * ({@link io.postern.filter.FilterChain}) and pausing a channel's reads for several reasons at
 * once ({@link io.postern.filter.ReadGate}).
 *
 * <p>The pieces of a framed relay that are not any one protocol's: the two channels with the
 * raw relay's backpressure and close rules ({@link io.postern.filter.FramedConnection}, and
 * {@link io.postern.filter.FramedSide} for the handler after each side's decoder); a decoder
 * base that can pause between two frames without reading on
 * ({@link io.postern.filter.FrameDecoder}); the client's replies in command order, local answers
 * included ({@link io.postern.filter.ReplyQueue}); streamed payloads
 * ({@link io.postern.filter.StreamChunk}, {@link io.postern.filter.StreamEnd}) and a decoder's
 * reports ({@link io.postern.filter.FramingError}, {@link io.postern.filter.RefusedLine}); and,
 * for the line protocols, lines ({@link io.postern.filter.Lines}) and the end of a
 * dot-terminated block ({@link io.postern.filter.DotTerminator}).
 *
 * <p>The framing itself lives with each protocol ({@code io.postern.imap.relay},
 * {@code io.postern.pop3.relay}, {@code io.postern.smtp.relay}).
 */
package io.postern.filter;
