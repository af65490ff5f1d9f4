package io.postern.spi.imap;

import io.postern.spi.filter.PostLoginFilter;

/**
 * A post-login filter of an IMAP session.
 *
 * <p>What it sees and what it does not:
 * <ul>
 *   <li>Every tagged command, parsed ({@link ImapCommand}); not the lines a client sends in
 *       answer to the server's {@code +} outside literals ({@code DONE} ending {@code IDLE},
 *       SASL lines), which are relayed unseen.</li>
 *   <li>Every response ({@link ImapResponse}): tagged, untagged and continuation requests,
 *       except the {@code +} the core itself answers or absorbs for synchronizing literals.</li>
 *   <li>A literal up to the session's inline limit is part of its message
 *       ({@link ImapArg.Literal}); a longer one ends the message as an
 *       {@link ImapArg.Streamed} placeholder, its bytes reach
 *       {@link #onStreamedData} and what follows it up to the end of the line is relayed
 *       unseen (the remaining {@code FLAGS} of a FETCH, the next message of a MULTIAPPEND).</li>
 * </ul>
 *
 * <p>The core decides what filters could not do safely, before they run: {@code STARTTLS}
 * after login is refused ({@code BAD}) and never forwarded; {@code COMPRESS} is refused and
 * {@code COMPRESS=DEFLATE} removed from every capability list (the login's reply included, SPI
 * 1.4), so compressed bytes never reach a parser.
 */
public interface ImapFilter extends PostLoginFilter<ImapCommand, ImapResponse> {
}
