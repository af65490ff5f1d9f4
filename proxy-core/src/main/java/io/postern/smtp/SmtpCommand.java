package io.postern.smtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One SMTP command line before login, split as nginx's {@code ngx_mail_smtp_parse_command}
 * splits it: a verb, then arguments separated by spaces. The verb is kept even when it is
 * not one Postern knows, so that the handler decides what an unknown verb gets. A line
 * that cannot be a command at all (no verb, control characters, too many arguments) is
 * {@linkplain #malformed() malformed}. Its text may hold a SASL response, so
 * {@code toString} shows only the verb.
 *
 * @param verb the verb in upper case, empty for a malformed line
 * @param arguments the arguments, without the spaces between them
 * @param line the whole line without trailing spaces: what {@code smtp_auth none} replays
 */
record SmtpCommand(String verb, List<String> arguments, String line) {

    /** What separates a command's words: compiled once, not per line as {@code String.split(" +")} would. */
    private static final Pattern SPACES = Pattern.compile(" +");

    /** nginx's limit on the arguments of one command. */
    static final int MAX_ARGUMENTS = 10;

    /** The verbs nginx's parser knows; any other verb is an invalid command. */
    static final Set<String> VERBS = Set.of("HELO", "EHLO", "AUTH", "QUIT", "NOOP", "MAIL", "RCPT", "RSET",
            "VRFY", "EXPN", "HELP", "STARTTLS");

    SmtpCommand {
        Objects.requireNonNull(verb, "verb");
        arguments = List.copyOf(arguments);
        Objects.requireNonNull(line, "line");
    }

    /** Splits one line (without its line ending). */
    static SmtpCommand parse(String line) {
        String trimmed = stripTrailingSpaces(line);
        if (hasControlCharacter(trimmed)) {
            return malformed(trimmed);
        }
        String[] words = SPACES.split(trimmed, -1);
        String verb = words[0];
        if (!isVerb(verb) || words.length - 1 > MAX_ARGUMENTS) {
            return malformed(trimmed);
        }
        List<String> arguments = new ArrayList<>(words.length - 1);
        for (int i = 1; i < words.length; i++) {
            arguments.add(words[i]);
        }
        return new SmtpCommand(verb.toUpperCase(Locale.ROOT), arguments, trimmed);
    }

    /** Whether the line could not be split into a verb and arguments. */
    boolean malformed() {
        return verb.isEmpty();
    }

    /** Whether the verb is one nginx's parser knows. */
    boolean known() {
        return VERBS.contains(verb);
    }

    private static SmtpCommand malformed(String line) {
        return new SmtpCommand("", List.of(), line);
    }

    /** Letters only, as nginx's parser; {@code 1HELO} or an empty line is no verb. */
    private static boolean isVerb(String word) {
        if (word.isEmpty()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if ((c < 'A' || c > 'Z') && (c < 'a' || c > 'z')) {
                return false;
            }
        }
        return true;
    }

    /**
     * CR, NUL and the other C0 controls but TAB are refused: the stored MAIL and RCPT lines
     * and the HELO argument are replayed to the upstream, where a bare CR could end a command.
     */
    private static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static String stripTrailingSpaces(String line) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ') {
            end--;
        }
        return line.substring(0, end);
    }

    @Override
    public String toString() {
        return "SmtpCommand[" + (malformed() ? "malformed" : verb) + ", " + arguments.size() + " arguments]";
    }
}
