package io.postern.imap;

import java.util.List;
import java.util.Objects;

/**
 * One argument of an {@link ImapCommand}. {@code toString()} of every value shows its kind and
 * size only, never its text: an argument may be a password. Use {@link #text()} to read it.
 */
public sealed interface ImapValue
        permits ImapValue.Atom, ImapValue.Quoted, ImapValue.Literal, ImapValue.ParenList {

    /**
     * The value's text: the atom, the unescaped quoted string or the literal's bytes, decoded with
     * {@link io.postern.spi.WireText#decode} (UTF-8, a byte that is not valid UTF-8 kept as an escaped byte).
     * For a {@link ParenList}, its IMAP rendering (see {@link ParenList#text()}).
     */
    String text();

    /** An atom, such as {@code PLAIN} or {@code NIL}; the case is kept. */
    record Atom(String text) implements ImapValue {
        public Atom {
            Objects.requireNonNull(text, "text");
        }

        /** Whether this is the atom {@code NIL} (any case). */
        public boolean isNil() {
            return text.equalsIgnoreCase("NIL");
        }

        @Override
        public String toString() {
            return "Atom[length=" + text.length() + "]";
        }
    }

    /** A quoted string, with its {@code \"} and {@code \\} escapes resolved. */
    record Quoted(String text) implements ImapValue {
        public Quoted {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String toString() {
            return "Quoted[length=" + text.length() + "]";
        }
    }

    /** A synchronizing or non-synchronizing literal, its bytes decoded with {@code WireText.decode}. */
    record Literal(String text) implements ImapValue {
        public Literal {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String toString() {
            return "Literal[length=" + text.length() + "]";
        }
    }

    /** A parenthesized list, such as the argument of {@code ID ("name" "x")}; lists may nest. */
    record ParenList(List<ImapValue> items) implements ImapValue {
        public ParenList {
            items = List.copyOf(Objects.requireNonNull(items, "items"));
        }

        /**
         * The list rendered as IMAP: {@code ("name" "x" NIL)}. Atoms are written as they are,
         * quoted strings quoted and escaped, literals as {@code {n}CRLF<text>}.
         */
        @Override
        public String text() {
            StringBuilder out = new StringBuilder();
            ImapRendering.render(this, out, true);
            return out.toString();
        }

        @Override
        public String toString() {
            return "ParenList[size=" + items.size() + "]";
        }
    }
}
