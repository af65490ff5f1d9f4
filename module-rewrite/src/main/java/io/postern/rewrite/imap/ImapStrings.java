package io.postern.rewrite.imap;

import io.postern.spi.imap.ImapArg;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Writing text back as an IMAP argument in the form it came in, when that form can hold it. */
final class ImapStrings {

    private ImapStrings() {
    }

    /**
     * {@code text} as an argument like {@code original}: a literal stays a literal, an atom stays
     * an atom when {@code text} is a valid one (never {@code NIL}, which would read as nil), a
     * quoted string stays quoted; otherwise the next form that can hold it.
     *
     * @param pattern whether {@code %} and {@code *} may appear in an atom (a LIST pattern)
     * @param utf8 whether 8-bit text may be quoted (UTF8=ACCEPT is enabled)
     */
    static ImapArg like(ImapArg original, String text, boolean pattern, boolean utf8) {
        if (original instanceof ImapArg.Literal literal) {
            return new ImapArg.Literal(text.getBytes(StandardCharsets.UTF_8), literal.binary());
        }
        if (original instanceof ImapArg.Atom && isAtom(text, pattern)) {
            return new ImapArg.Atom(text);
        }
        if (quotable(text, utf8)) {
            return new ImapArg.Quoted(text);
        }
        return ImapArg.Literal.of(text);
    }

    /** Whether {@code text} can be written as an astring atom (or a list-mailbox atom, with wildcards). */
    static boolean isAtom(String text, boolean pattern) {
        if (text.isEmpty() || text.equalsIgnoreCase("NIL")) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "(){\"\\".indexOf(c) >= 0) {
                return false;
            }
            if ((c == '%' || c == '*') && !pattern) {
                return false;
            }
        }
        return true;
    }

    /** Whether a quoted string can hold {@code text}: no CR, LF or NUL, and 8-bit only with UTF8=ACCEPT. */
    static boolean quotable(String text, boolean utf8) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c >= 0x80 && !utf8) {
                return false;
            }
        }
        return true;
    }

    /** A literal's bytes as text, when they are valid UTF-8. */
    static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /**
     * The arguments as one line of text, for deny rules' {@code arguments}: atoms and quoted
     * strings by their text, lists in parentheses, literals as {@code {n}}, separated by spaces.
     */
    static String render(List<ImapArg> args) {
        List<String> parts = new ArrayList<>();
        for (ImapArg arg : args) {
            if (arg instanceof ImapArg.ListOf list) {
                parts.add("(" + render(list.items()) + ")");
            } else if (arg instanceof ImapArg.Literal literal) {
                parts.add("{" + literal.length() + "}");
            } else if (arg instanceof ImapArg.Streamed streamed) {
                parts.add("{" + streamed.length() + "}");
            } else {
                parts.add(arg.string().orElse(""));
            }
        }
        return String.join(" ", parts);
    }

    /** The longest literal among {@code args}, lists included; -1 when there is none. */
    static long longestLiteral(List<ImapArg> args) {
        long longest = -1;
        for (ImapArg arg : args) {
            if (arg instanceof ImapArg.ListOf list) {
                longest = Math.max(longest, longestLiteral(list.items()));
            } else if (arg instanceof ImapArg.Literal literal) {
                longest = Math.max(longest, literal.length());
            } else if (arg instanceof ImapArg.Streamed streamed) {
                longest = Math.max(longest, streamed.length());
            }
        }
        return longest;
    }
}
