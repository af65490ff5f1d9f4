package io.postern.imap.relay;

import java.util.Optional;

/**
 * A client line that is no command Postern can frame: answered {@code BAD}, never sent upstream.
 *
 * @param tag the line's tag, when it had one
 * @param reason why, for the answer
 * @param mustClose the line ended with a non-synchronizing literal's header, whose bytes are on
 *     their way and cannot be told from commands: the session must end
 */
record InvalidCommand(Optional<String> tag, String reason, boolean mustClose) {
}
