/**
 * The core half of the POST-LOGIN phase, shared by the three protocols: opening a session's
 * filters ({@link io.postern.filter.FilteredPostLogin}), running them in order
 * ({@link io.postern.filter.FilterChain}) and pausing a channel's reads for several reasons at
 * once ({@link io.postern.filter.ReadGate}). The framing itself lives with each protocol
 * ({@code io.postern.imap.relay}, {@code io.postern.pop3.relay}, {@code io.postern.smtp.relay}).
 */
package io.postern.filter;
