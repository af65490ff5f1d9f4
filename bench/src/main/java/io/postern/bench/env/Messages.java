package io.postern.bench.env;

import java.nio.charset.StandardCharsets;

/** RFC 5322 messages of a given size: headers, then 76-character text lines. */
public final class Messages {

    private static final String LINE = "The quick brown fox jumps over the lazy dog, again and again, for bytes' sake.";

    private Messages() {
    }

    /** A message of at least {@code size} bytes (within one line), CRLF line ends, no line starting with a dot. */
    public static byte[] ofSize(String subject, String to, int size) {
        StringBuilder text = new StringBuilder(size + 200);
        text.append("From: bench@localhost\r\n")
                .append("To: ").append(to).append("\r\n")
                .append("Subject: ").append(subject).append("\r\n")
                .append("Message-ID: <").append(subject).append('.').append(System.nanoTime()).append("@bench.localhost>\r\n")
                .append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n");
        while (text.length() < size) {
            text.append(LINE, 0, 76).append("\r\n");
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
