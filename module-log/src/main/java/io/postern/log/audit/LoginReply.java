package io.postern.log.audit;

/**
 * The reply to the login, the first response a session's filters see (paired with no command,
 * SPI 1.4): the login is written by the session's own events, not by the audit, so its reply is
 * left out too. Every later response goes in, paired or not (an unsolicited {@code 421}).
 */
final class LoginReply {

    private boolean seen;

    /** Whether this response, answering {@code command}, is the login's reply and not audited. */
    boolean skip(Object command) {
        if (seen) {
            return false;
        }
        seen = true;
        return command == null;
    }
}
