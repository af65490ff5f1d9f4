package io.postern.rewrite.imap;

import io.postern.spi.imap.ImapArg;
import java.util.Optional;

/**
 * How mailbox names are spelled on one session's wire: modified UTF-7 until the server
 * confirms {@code ENABLE UTF8=ACCEPT} or {@code IMAP4rev2} (its {@code * ENABLED} response),
 * UTF-8 after (RFC 6855, RFC 9051).
 */
final class MailboxWire {

    private boolean utf8;

    boolean utf8() {
        return utf8;
    }

    void enableUtf8() {
        utf8 = true;
    }

    /**
     * The Unicode name {@code arg} spells; empty for a list, a streamed literal, or a name that
     * is not canonical modified UTF-7 (left as it is).
     */
    Optional<String> name(ImapArg arg) {
        Optional<String> wire = wireText(arg);
        return utf8 ? wire : wire.flatMap(ModifiedUtf7::decode);
    }

    /**
     * The name {@code arg} spells for a deny rule to match: any well-formed modified UTF-7
     * spelling, else the text as sent.
     */
    Optional<String> nameForMatching(ImapArg arg) {
        Optional<String> wire = wireText(arg);
        if (utf8 || wire.isEmpty()) {
            return wire;
        }
        return Optional.of(ModifiedUtf7.decodeLenient(wire.get()).orElse(wire.get()));
    }

    /** {@code name} spelled for the wire, in the form of {@code original} where it fits. */
    ImapArg arg(ImapArg original, String name, boolean pattern) {
        return ImapStrings.like(original, utf8 ? name : ModifiedUtf7.encode(name), pattern, utf8);
    }

    private static Optional<String> wireText(ImapArg arg) {
        if (arg instanceof ImapArg.Literal literal) {
            return ImapStrings.utf8(literal.bytes());
        }
        if (arg instanceof ImapArg.Atom || arg instanceof ImapArg.Quoted) {
            return arg.string();
        }
        return Optional.empty();
    }
}
