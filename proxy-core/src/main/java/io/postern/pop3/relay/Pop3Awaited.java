package io.postern.pop3.relay;

import io.postern.relay.SeenCommand;
import io.postern.spi.pop3.Pop3Command;
import io.postern.spi.pop3.Pop3Response.Body;

/**
 * A command that went upstream and waits for its answer.
 *
 * @param seen the command as each filter saw it, and as the upstream got it
 * @param body what follows the upstream's {@code +OK}
 */
record Pop3Awaited(SeenCommand<Pop3Command> seen, Body body) {

    /** The command as the upstream got it (a filter's replacement included). */
    Pop3Command command() {
        return seen.sent();
    }

    /** Whether the client waits for a block after {@code +OK}. */
    boolean multiLine() {
        return body != Body.NONE;
    }
}
