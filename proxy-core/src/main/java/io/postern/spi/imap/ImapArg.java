package io.postern.spi.imap;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One argument of an IMAP command or data response, as RFC 9051's grammar writes it: an atom,
 * a quoted string, a literal, or a parenthesised list of those.
 */
public sealed interface ImapArg {

    /**
     * The value as an {@code astring} (a mailbox name, a login, a search key): the atom's text,
     * the quoted string's content, an inline literal's bytes as UTF-8; empty for a list and a
     * streamed literal. Mailbox names are not decoded from modified UTF-7 here.
     */
    Optional<String> string();

    /** An atom: {@code NIL}, a number, a flag, a sequence set, {@code BODY[HEADER.FIELDS (TO)]<0.10>}. */
    record Atom(String text) implements ImapArg {
        public Atom {
            Objects.requireNonNull(text, "text");
            if (text.isEmpty()) {
                throw new IllegalArgumentException("an atom is not empty");
            }
        }

        @Override
        public Optional<String> string() {
            return Optional.of(text);
        }

        /** Whether this is the atom {@code word}, compared without case. */
        public boolean is(String word) {
            return text.equalsIgnoreCase(word);
        }
    }

    /** A quoted string, by its content (escapes removed; re-encoding adds them back). */
    record Quoted(String text) implements ImapArg {
        public Quoted {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public Optional<String> string() {
            return Optional.of(text);
        }
    }

    /**
     * A literal small enough to be part of its message.
     *
     * @param binary a {@code ~{n}} literal8 (RFC 3516), which may hold NUL bytes
     */
    record Literal(byte[] bytes, boolean binary) implements ImapArg {
        public Literal {
            bytes = bytes.clone();
        }

        /** A literal holding {@code text} in UTF-8. */
        public static Literal of(String text) {
            return new Literal(text.getBytes(StandardCharsets.UTF_8), false);
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        public int length() {
            return bytes.length;
        }

        @Override
        public Optional<String> string() {
            return Optional.of(new String(bytes, StandardCharsets.UTF_8));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Literal other && binary == other.binary && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(bytes) + Boolean.hashCode(binary);
        }

        @Override
        public String toString() {
            return (binary ? "~{" : "{") + bytes.length + "}";
        }
    }

    /**
     * A literal too long to be part of its message: always its last argument (inside the lists
     * that are open at that point, which the relayed rest of the line closes). Its bytes stream
     * through {@link ImapFilter#onStreamedData} after the filter saw the message. A replacement
     * message must keep it, unchanged, as its last argument.
     *
     * @param length the literal's length in bytes
     * @param binary a {@code ~{n}} literal8
     */
    record Streamed(long length, boolean binary) implements ImapArg {
        public Streamed {
            if (length < 0) {
                throw new IllegalArgumentException("length: " + length);
            }
        }

        @Override
        public Optional<String> string() {
            return Optional.empty();
        }
    }

    /** A parenthesised list: flags, fetch items, a LIST response's attributes. */
    record ListOf(List<ImapArg> items) implements ImapArg {
        public ListOf {
            items = List.copyOf(items);
        }

        @Override
        public Optional<String> string() {
            return Optional.empty();
        }
    }

    static Atom atom(String text) {
        return new Atom(text);
    }

    static Quoted quoted(String text) {
        return new Quoted(text);
    }

    static ListOf list(ImapArg... items) {
        return new ListOf(List.of(items));
    }
}
