package io.postern.spi.smtp;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A command from an SMTP client.
 *
 * @param verb the keyword in upper case ({@code MAIL}, {@code RCPT}, {@code DATA})
 * @param argument the rest of the line after the keyword and its space, as sent
 *     ({@code "FROM:<a@example.com> SIZE=1000"}); empty when there is none
 */
public record SmtpCommand(String verb, String argument) {

    public SmtpCommand {
        Objects.requireNonNull(verb, "verb");
        verb = verb.toUpperCase(Locale.ROOT);
        Objects.requireNonNull(argument, "argument");
    }

    /**
     * The path of {@code MAIL FROM:<path>} or {@code RCPT TO:<path>}, without its angle
     * brackets; empty for other commands and for a line that does not hold one.
     */
    public Optional<String> path() {
        if (!verb.equals("MAIL") && !verb.equals("RCPT")) {
            return Optional.empty();
        }
        int open = argument.indexOf('<');
        int close = open < 0 ? -1 : argument.indexOf('>', open);
        return close < 0 ? Optional.empty() : Optional.of(argument.substring(open + 1, close));
    }

    /** The same command with {@code newPath} between the angle brackets, its parameters kept. */
    public SmtpCommand withPath(String newPath) {
        int open = argument.indexOf('<');
        int close = open < 0 ? -1 : argument.indexOf('>', open);
        if (close < 0) {
            throw new IllegalStateException("no <path> in " + verb + " " + argument);
        }
        return new SmtpCommand(verb, argument.substring(0, open + 1) + newPath + argument.substring(close));
    }
}
