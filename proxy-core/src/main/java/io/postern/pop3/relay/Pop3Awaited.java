package io.postern.pop3.relay;

import io.postern.spi.pop3.Pop3Command;
import io.postern.spi.pop3.Pop3Response.Body;

/**
 * A command that went upstream and waits for its answer.
 *
 * @param command the command as the upstream got it (a filter's replacement included)
 * @param body what follows the upstream's {@code +OK}
 */
record Pop3Awaited(Pop3Command command, Body body) {

    /** Whether the client waits for a block after {@code +OK}. */
    boolean multiLine() {
        return body != Body.NONE;
    }
}
