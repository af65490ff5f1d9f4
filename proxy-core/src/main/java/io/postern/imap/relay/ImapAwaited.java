package io.postern.imap.relay;

import io.postern.relay.SeenCommand;
import io.postern.spi.imap.ImapCommand;

/**
 * A command that went upstream and waits for its tagged reply.
 *
 * @param tag its tag, which pairs the tagged reply with it
 * @param seen the command as each filter saw it, for the responses that answer it
 */
record ImapAwaited(String tag, SeenCommand<ImapCommand> seen) {

    boolean hasTag(String other) {
        return tag.equals(other);
    }
}
