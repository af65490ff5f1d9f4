package io.postern.log.audit;

import io.postern.spi.Protocol;

/**
 * How POP3 and SMTP commands, plain lines without tags, are shown. A line whose first word is
 * not one of the protocol's commands and that has nothing after it is not shown at all: it may
 * be a SASL response or a password typed at the wrong prompt, which look exactly like that.
 */
final class LineCommands {

    private LineCommands() {
    }

    /** The verb to show and pair results with; empty for a line that is not shown. */
    static String shownVerb(Protocol protocol, String verb, boolean bare) {
        return bare && !Verbs.known(protocol, verb) ? "" : verb;
    }

    /** The arguments as the audit log shows them. */
    static String arguments(String shownVerb, String arguments) {
        if (shownVerb.isEmpty() || Verbs.hidesArguments(shownVerb)) {
            return AuditLine.REDACTED;
        }
        return arguments.length() > AuditLine.MAX_ARGUMENTS
                ? arguments.substring(0, AuditLine.MAX_ARGUMENTS) + AuditLine.CUT
                : arguments;
    }
}
