package io.postern.spi.imap;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A tagged command from the client.
 *
 * @param tag the client's tag
 * @param verb the command name in upper case; a {@code UID} command is named with its
 *     subcommand ({@code "UID FETCH"}, {@code "UID MOVE"}), whose arguments follow
 * @param args the arguments after the verb
 */
public record ImapCommand(String tag, String verb, List<ImapArg> args) {

    public ImapCommand {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(verb, "verb");
        verb = verb.toUpperCase(Locale.ROOT);
        args = List.copyOf(args);
    }

    /** The same command with other arguments. */
    public ImapCommand withArgs(List<ImapArg> newArgs) {
        return new ImapCommand(tag, verb, newArgs);
    }

    /** Whether the command ends with a literal whose bytes are streamed after it. */
    public boolean streamed() {
        return !args.isEmpty() && ImapResponse.endsStreamed(args.get(args.size() - 1));
    }
}
