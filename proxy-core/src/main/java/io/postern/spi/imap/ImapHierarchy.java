package io.postern.spi.imap;

import java.util.Objects;
import java.util.Optional;

/**
 * The mailbox hierarchy of an IMAP session's upstream, as the core learnt it after the
 * upstream accepted the login and before the client's first command: the hierarchy
 * delimiter of its answer to {@code LIST "" ""} (RFC 3501 6.3.8, RFC 9051 6.3.9). A filter
 * that translates mailbox names reads it from {@link io.postern.spi.SessionInfo#imapHierarchy()}
 * rather than guessing. Added in SPI 1.3.
 *
 * @param separator the hierarchy delimiter, one character ({@code "."}, {@code "/"}); empty
 *     when the server answered {@code NIL}: its names are flat, no mailbox has children
 */
public record ImapHierarchy(Optional<String> separator) {

    public ImapHierarchy {
        Objects.requireNonNull(separator, "separator");
        if (separator.isPresent() && separator.get().length() != 1) {
            throw new IllegalArgumentException("separator: \"" + separator.get() + "\" (expected: one character)");
        }
    }

    /** A hierarchy whose levels are separated by {@code separator}. */
    public static ImapHierarchy of(String separator) {
        return new ImapHierarchy(Optional.of(separator));
    }

    /** A flat hierarchy ({@code NIL}). */
    public static ImapHierarchy flat() {
        return new ImapHierarchy(Optional.empty());
    }
}
