package io.postern.spi.pop3;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A command from a POP3 client.
 *
 * @param verb the keyword in upper case ({@code RETR}, {@code DELE})
 * @param args the arguments, split at spaces
 */
public record Pop3Command(String verb, List<String> args) {

    public Pop3Command {
        Objects.requireNonNull(verb, "verb");
        verb = verb.toUpperCase(Locale.ROOT);
        args = List.copyOf(args);
    }
}
