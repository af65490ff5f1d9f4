package io.postern.imap.relay;

/**
 * A literal's header inside the bytes of a framed message or raw part: where it is and what it
 * announces. Offsets count from the first byte of those bytes.
 *
 * @param headerStart the offset of {@code {}, or of {@code ~} for a literal8
 * @param brace the offset of the closing {@code }}; a non-synchronizing header's {@code +} is
 *     the byte before it
 * @param headerEnd the offset just after the header's line end, where the literal's bytes begin
 * @param length the literal's length in bytes
 * @param binary a {@code ~{n}} literal8 (RFC 3516), which may hold NUL bytes
 * @param nonSync a {@code {n+}} non-synchronizing literal (RFC 7888)
 */
record LiteralMark(int headerStart, int brace, int headerEnd, long length, boolean binary, boolean nonSync) {

    /** The offset of the {@code +} of a non-synchronizing header. */
    int plus() {
        if (!nonSync) {
            throw new IllegalStateException("a synchronizing literal has no '+'");
        }
        return brace - 1;
    }
}
