package io.postern.imap.relay;

/** The literal header {@link ArgumentTokenizer} is reading: {@code {n}}, {@code {n+}}, {@code ~{n}}. */
final class LiteralHeader {

    /** Where the header begins: its {@code {}, or the {@code ~} of a literal8. */
    final int start;
    final boolean binary;
    long length;
    int digits;
    boolean nonSync;
    int brace;
    boolean cr;

    LiteralHeader(int start, boolean binary) {
        this.start = start;
        this.binary = binary;
    }
}
