/**
 * IMAP's codec for the one post-login relay engine ({@code io.postern.relay}), used when a
 * session has post-login filters ({@link io.postern.imap.relay.ImapFramedRelay}); without
 * filters the raw relay copies bytes. Responses are paired with their commands by tag.
 *
 * <p>Both streams are framed by byte count and line, never approximately:
 * {@link io.postern.imap.relay.ImapCommandFraming} turns the client's bytes into commands (tags,
 * atoms, quoted strings, {@code {n}}, {@code {n+}} and {@code ~{n}} literals, several per
 * command, {@code UID} commands named with their subcommand) and continuation lines;
 * {@link io.postern.imap.relay.ImapResponseFraming} turns the server's into tagged, untagged and
 * continuation responses. Each goes through the session's filters, then on as the bytes that
 * came (only a replacement is encoded, by {@link io.postern.imap.relay.ImapEncoder}).
 *
 * <p>Literals: one up to the inline limit ({@link io.postern.imap.relay.ImapFramedRelay#INLINE_FLOOR}
 * at least, what the filters ask for, at most {@link io.postern.imap.relay.ImapFramedRelay#INLINE_CEILING};
 * also the most literal bytes gathered into one message) is part of its message. For a gathered
 * {@code {n}} Postern sends the client its own {@code +} (between two server messages) and
 * absorbs the upstream's when the command goes out, each literal after the upstream's {@code +}.
 * A longer literal ends its message: the message goes to the filters and upstream, the
 * upstream's {@code +} is relayed to the client once, the bytes stream through in chunks with
 * backpressure, and the rest of the line is relayed unseen. A tagged {@code NO}/{@code BAD}
 * instead of {@code +} is relayed and no literal byte follows it (those of a {@code {n+}}, already
 * sent, are dropped with the rest of the line). A {@code {n+}} is sent as {@code {n}} to an
 * upstream without {@code LITERAL+} (or with {@code LITERAL-}, above 4096 bytes), and while its
 * capabilities are unknown.
 *
 * <p>What the core decides before any filter runs: {@code STARTTLS} after login is answered
 * {@code BAD} and {@code COMPRESS} {@code NO}, neither ever forwarded, and
 * {@code COMPRESS=DEFLATE} is removed from every capability list the relay carries (a
 * {@code CAPABILITY} response, a status response's {@code [CAPABILITY ...]} code): compression
 * would hide the stream from the parsers. The login's reply is the first response the relay
 * carries, so its list is edited too (and shown to the filters); before login, a server whose
 * sessions may be framed leaves {@code COMPRESS=DEFLATE} out of {@code imap_capabilities}.
 *
 * <p>What filters do not see: the {@code +} Postern answers or absorbs for literals; the lines a
 * client sends in answer to another {@code +} ({@code DONE} after {@code IDLE}, SASL
 * responses); the bytes after a streamed literal up to the end of its line (the next message of
 * a {@code MULTIAPPEND}, the rest of a {@code FETCH}); responses that do not parse or whose line
 * is longer than {@link io.postern.imap.relay.ImapFramedRelay#MAX_RESPONSE_LINE}, which are
 * relayed raw; and commands that do not parse, which are answered {@code BAD} and not forwarded
 * (a filter cannot be bypassed by odd syntax). Commands are limited to {@code imap_client_buffer}
 * per line without their literals.
 *
 * <p>Order: answers Postern gives itself (a filter's {@code Answer}, a {@code BAD}) reach the
 * client after the tagged replies of the commands forwarded before them.
 *
 * <p>Backpressure: each side reads only while the other can take what it sends; the client
 * also waits while the upstream must answer a literal's header, and while it does not read the
 * answers Postern gives it itself (or more than
 * {@value io.postern.relay.FramedConnection#MAX_HELD_LINES} of them wait for their turn).
 */
package io.postern.imap.relay;
