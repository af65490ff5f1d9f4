package io.postern.smtp.relay;

import io.postern.relay.SeenCommand;
import io.postern.spi.smtp.SmtpCommand;

/**
 * What went upstream and waits for its reply.
 *
 * @param seen the command as each filter saw it and as the upstream got it; for the end of a
 *     message's data, the DATA
 * @param kind what the reply means to the relay
 */
record SmtpAwaited(SeenCommand<SmtpCommand> seen, Kind kind) {

    /** The command as the upstream got it. */
    SmtpCommand command() {
        return seen.sent();
    }

    /** What the reply means to the relay. */
    enum Kind {
        /** A reply like any other. */
        REPLY,
        /** The EHLO reply: the keywords of refused commands are taken out, CHUNKING noted. */
        EHLO,
        /** DATA's first reply: 354 opens the message, anything else means no message follows. */
        DATA,
        /** The reply to a message's data, after its {@code CRLF.CRLF}. */
        MESSAGE
    }

    static SmtpAwaited of(SeenCommand<SmtpCommand> seen) {
        return new SmtpAwaited(seen, switch (seen.sent().verb()) {
            case "EHLO" -> Kind.EHLO;
            case "DATA" -> Kind.DATA;
            default -> Kind.REPLY;
        });
    }
}
