package io.postern.spi;

import java.util.Objects;

/**
 * What nginx calls the client's host ({@code s->host}): the name a {@code resolver} found for
 * an SMTP client's address, or the word nginx says instead. nginx sends its {@link #text()} as
 * auth_http's {@code Client-Host} and as XCLIENT's {@code NAME=}. Added in SPI 1.3.
 */
public sealed interface ClientHost {

    /** nginx's word when there is no name: no {@code resolver}, no PTR record, or a forward lookup that disagrees. */
    String UNAVAILABLE = "[UNAVAILABLE]";

    /** nginx's word when the lookup failed for now: a timeout, a server failure, a name it refuses. */
    String TEMPUNAVAIL = "[TEMPUNAVAIL]";

    /** The value nginx writes: the name, {@value #UNAVAILABLE} or {@value #TEMPUNAVAIL}. */
    String text();

    /**
     * A name found by a PTR lookup whose forward (A/AAAA) lookup gave the client's address back.
     * It holds only letters, digits, {@code -} and {@code .} (RFC 1034 3.5, as nginx checks since
     * CVE-2026-28753), with no trailing dot.
     */
    record Name(String name) implements ClientHost {
        public Name {
            Objects.requireNonNull(name, "name");
            if (!valid(name)) {
                throw new IllegalArgumentException("name: " + WireText.escape(name)
                        + " (expected: letters, digits, '-' and '.')");
            }
        }

        @Override
        public String text() {
            return name;
        }

        /** Whether {@code name} is one nginx keeps: non-empty, only {@code [A-Za-z0-9.-]}. */
        public static boolean valid(String name) {
            if (name.isEmpty()) {
                return false;
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
                if (!letter && !(c >= '0' && c <= '9') && c != '-' && c != '.') {
                    return false;
                }
            }
            return true;
        }
    }

    /** No name: no resolver, NXDOMAIN or no record, or a forward lookup without the client's address. */
    record Unavailable() implements ClientHost {
        @Override
        public String text() {
            return UNAVAILABLE;
        }
    }

    /** No name for now: a timeout, a server failure, an answer without a usable PTR, a name with other characters. */
    record TempUnavailable() implements ClientHost {
        @Override
        public String text() {
            return TEMPUNAVAIL;
        }
    }
}
