package io.postern.bench.load;

/** What {@link ReplyReader} found in the server's byte stream. */
interface LineListener {

    /** A complete line, without its CRLF (the text before a literal, or after one). */
    void onLine(String line);

    /** Bytes of a literal ({@code {n}CRLF} then n bytes) went by; they are counted, never kept. */
    void onLiteralBytes(int bytes);
}
