package io.postern.imap;

import java.util.List;
import java.util.Optional;

/**
 * Which non-synchronizing literals (RFC 7888) the upstream takes, as its capability lists say:
 * any with {@code LITERAL+}, up to {@value #LITERAL_MINUS_MAX} bytes with {@code LITERAL-},
 * none otherwise or while its capabilities are unknown. A {@code {n+}} it does not take is
 * sent as {@code {n}}: an oversized non-synchronizing literal toward a server without support
 * is a command-injection vector. Used by the relay for the client's literals and by the
 * upstream login for its own.
 */
public final class LiteralSupport {

    /** The largest non-synchronizing literal {@code LITERAL-} allows. */
    public static final int LITERAL_MINUS_MAX = 4096;

    private boolean plus;
    private boolean minus;

    /** @param known the list the upstream announced during the login, if any */
    public LiteralSupport(Optional<List<String>> known) {
        known.ifPresent(this::learn);
    }

    /** The upstream announced {@code capabilities}; they replace what was known. */
    public void learn(List<String> capabilities) {
        boolean p = false;
        boolean m = false;
        for (String c : capabilities) {
            p |= c.equalsIgnoreCase("LITERAL+");
            m |= c.equalsIgnoreCase("LITERAL-");
        }
        plus = p;
        minus = m;
    }

    /** Whether a non-synchronizing literal of {@code length} bytes must be sent synchronizing. */
    public boolean mustSynchronize(long length) {
        return !(plus || minus && length <= LITERAL_MINUS_MAX);
    }
}
