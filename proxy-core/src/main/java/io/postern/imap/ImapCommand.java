package io.postern.imap;

import io.postern.engine.LogText;
import java.util.List;
import java.util.Objects;

/**
 * One decoded IMAP command: {@code tag SP verb [SP arguments] CRLF}.
 *
 * <p>{@link #toString()} never shows the arguments of {@code LOGIN} or {@code AUTHENTICATE}
 * (they carry secrets); for other verbs it renders them on one line, literals as {@code {n}}.
 *
 * @param tag the client's tag, as sent
 * @param verb the command name, upper-cased ({@code login} becomes {@code LOGIN})
 * @param arguments the arguments in order; empty when there are none
 */
public record ImapCommand(String tag, String verb, List<ImapValue> arguments) {

    public ImapCommand {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(verb, "verb");
        arguments = List.copyOf(Objects.requireNonNull(arguments, "arguments"));
    }

    /** Whether the arguments of this verb may carry a secret and must never be logged. */
    public boolean hasSecretArguments() {
        return verb.equals("LOGIN") || verb.equals("AUTHENTICATE");
    }

    @Override
    public String toString() {
        String shown = hasSecretArguments()
                ? "<redacted>"
                : "[" + LogText.lineSafe(ImapRendering.render(arguments, false)) + "]";
        // The decoder lets only printable ASCII into a tag or a verb; arguments may hold anything.
        return "ImapCommand[tag=" + tag + ", verb=" + verb + ", arguments=" + shown + "]";
    }
}
