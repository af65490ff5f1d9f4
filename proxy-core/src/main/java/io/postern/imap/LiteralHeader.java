package io.postern.imap;

/**
 * The literal header being read, {@code {digits[+]}}, then the literal's byte count. Part of
 * {@link ImapCommandDecoder}'s state, kept apart to keep the decoder small.
 */
final class LiteralHeader {

    /** What a header byte did. */
    enum Step { MORE, DONE, INVALID }

    /** The announced length, capped just above the command limit so it cannot overflow. */
    long length;
    boolean digits;
    boolean nonSync;
    boolean crSeen;
    int remaining;
    boolean hasNul;

    void start() {
        length = 0;
        digits = false;
        nonSync = false;
        crSeen = false;
        remaining = 0;
        hasNul = false;
    }

    /** Accepts the byte after {@code {}: digits, an optional {@code +}, then {@code }}. */
    Step accept(byte b, long cap) {
        if (b >= '0' && b <= '9' && !nonSync) {
            length = Math.min(length * 10 + (b - '0'), cap);
            digits = true;
            return Step.MORE;
        }
        if (b == '+' && digits && !nonSync) {
            nonSync = true;
            return Step.MORE;
        }
        if (b == '}' && digits) {
            return Step.DONE;
        }
        return Step.INVALID;
    }
}
