package io.postern.log.audit;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What one audit line says: a command the client sent, or the result the server gave it.
 * Every text here is already redacted and rendered on the event loop (literals as their
 * length, credentials as {@link #REDACTED}); escaping for the file is the writer's job.
 */
public sealed interface AuditLine {

    /** What stands for credentials and SASL payloads. */
    String REDACTED = "<redacted>";

    /** The tag of a protocol without tags (POP3, SMTP). */
    String NO_TAG = "";

    /**
     * The longest rendering of a command's arguments kept: an audit line is for reading, not
     * for replaying a UID set of 100k characters. Longer ones end with {@link #CUT}.
     */
    int MAX_ARGUMENTS = 2048;

    /** What ends a text that was cut. */
    String CUT = "...";

    /**
     * A command from the client.
     *
     * @param tag the IMAP tag, or {@link #NO_TAG}
     * @param verb the command name in upper case; empty for a line that is not shown at all
     *     (a SASL response)
     * @param arguments the arguments as rendered for the log, or {@link #REDACTED}; may be empty
     */
    record Command(String tag, String verb, String arguments) implements AuditLine {
        public Command {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(verb, "verb");
            Objects.requireNonNull(arguments, "arguments");
        }
    }

    /**
     * The server's answer to a command: an IMAP tagged status, a POP3 {@code +OK}/{@code -ERR},
     * an SMTP reply (also the intermediate {@code 354} and {@code 334}).
     *
     * @param tag the IMAP tag, or {@link #NO_TAG}
     * @param verb the command it answers; empty when no command was waiting for it
     * @param status {@code OK}/{@code NO}/{@code BAD}, {@code +OK}/{@code -ERR}, or the SMTP code
     * @param text the rest of the answer (an IMAP response code in brackets first)
     * @param elapsed from the command to this answer; zero when no command was waiting
     * @param bytes message data the client streamed with the command (SMTP {@code DATA} and
     *     {@code BDAT}), counted; empty for other commands
     */
    record Result(String tag, String verb, String status, String text, Duration elapsed, OptionalLong bytes)
            implements AuditLine {
        public Result {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(verb, "verb");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(elapsed, "elapsed");
            Objects.requireNonNull(bytes, "bytes");
        }
    }
}
