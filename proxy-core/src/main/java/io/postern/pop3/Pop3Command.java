package io.postern.pop3;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One POP3 command before login, parsed as nginx's {@code ngx_mail_pop3_parse_command} does:
 * a verb of exactly four letters in any case, then arguments separated by spaces, at most
 * three. The argument of {@code USER} and {@code PASS} is everything after the spaces that
 * follow the verb, spaces included, since user names and passwords may contain them.
 * {@code toString} never shows the arguments: they may be a password.
 *
 * @param verb the command
 * @param arguments its arguments, none empty
 */
record Pop3Command(Verb verb, List<String> arguments) {

    /** The verbs nginx knows before login; anything else is an invalid command. */
    enum Verb { USER, PASS, APOP, QUIT, CAPA, AUTH, NOOP, STLS }

    /** nginx's parser takes a fourth argument as an invalid command. */
    static final int MAX_ARGUMENTS = 3;

    Pop3Command {
        Objects.requireNonNull(verb, "verb");
        arguments = List.copyOf(arguments);
    }

    /**
     * Parses one line (without its line ending). Empty when the line is not a command nginx
     * would accept: an unknown verb, a verb that is not four letters, too many arguments, or a
     * CR or NUL inside the line (nginx stops at a CR; a NUL would reach the upstream).
     */
    static Optional<Pop3Command> parse(String line) {
        Objects.requireNonNull(line, "line");
        if (line.indexOf('\r') >= 0 || line.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        int end = line.indexOf(' ');
        String word = end < 0 ? line : line.substring(0, end);
        Optional<Verb> verb = verb(word);
        if (verb.isEmpty()) {
            return Optional.empty();
        }
        String rest = end < 0 ? "" : line.substring(end);
        List<String> arguments = verb.get() == Verb.USER || verb.get() == Verb.PASS
                ? wholeArgument(rest) : splitArguments(rest);
        return arguments.size() > MAX_ARGUMENTS ? Optional.empty() : Optional.of(new Pop3Command(verb.get(), arguments));
    }

    private static Optional<Verb> verb(String word) {
        if (word.length() != 4) {
            return Optional.empty();
        }
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                return Optional.empty();
            }
        }
        String upper = word.toUpperCase(Locale.ROOT);
        for (Verb verb : Verb.values()) {
            if (verb.name().equals(upper)) {
                return Optional.of(verb);
            }
        }
        return Optional.empty();
    }

    private static List<String> wholeArgument(String rest) {
        int start = 0;
        while (start < rest.length() && rest.charAt(start) == ' ') {
            start++;
        }
        return start == rest.length() ? List.of() : List.of(rest.substring(start));
    }

    private static List<String> splitArguments(String rest) {
        List<String> arguments = new ArrayList<>();
        for (String part : rest.split(" ")) {
            if (!part.isEmpty()) {
                arguments.add(part);
            }
        }
        return arguments;
    }

    @Override
    public String toString() {
        return "Pop3Command[" + verb + ", " + arguments.size() + " arguments]";
    }
}
