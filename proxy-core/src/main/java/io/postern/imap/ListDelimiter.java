package io.postern.imap;

import io.postern.spi.imap.ImapHierarchy;
import java.util.Optional;

/**
 * The hierarchy delimiter of an untagged {@code LIST} line (without its line ending):
 * {@code * LIST (\Noselect) "/" ""} names {@code /}, {@code * LIST () NIL ""} a flat
 * hierarchy. Any other line, or a delimiter that is not one character, names nothing.
 */
final class ListDelimiter {

    private static final String PREFIX = "* LIST (";

    private ListDelimiter() {
    }

    static Optional<ImapHierarchy> parse(String line) {
        if (!line.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.empty();
        }
        int close = line.indexOf(')', PREFIX.length());
        if (close < 0 || close + 1 >= line.length() || line.charAt(close + 1) != ' ') {
            return Optional.empty();
        }
        String rest = line.substring(close + 2);
        if (rest.regionMatches(true, 0, "NIL ", 0, 4)) {
            return Optional.of(ImapHierarchy.flat());
        }
        if (rest.length() >= 4 && rest.charAt(0) == '"' && rest.charAt(1) != '\\' && rest.charAt(1) != '"'
                && rest.charAt(2) == '"') {
            return Optional.of(ImapHierarchy.of(rest.substring(1, 2)));
        }
        if (rest.length() >= 5 && rest.startsWith("\"\\") && rest.charAt(3) == '"'
                && (rest.charAt(2) == '\\' || rest.charAt(2) == '"')) {
            return Optional.of(ImapHierarchy.of(rest.substring(2, 3)));
        }
        return Optional.empty();
    }
}
