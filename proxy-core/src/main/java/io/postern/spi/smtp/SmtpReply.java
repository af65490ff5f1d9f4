package io.postern.spi.smtp;

import java.util.List;
import java.util.Objects;

/**
 * A reply from an SMTP server, all its lines: {@code 250-mx.example.com} … {@code 250 SMTPUTF8}.
 *
 * @param code the three-digit reply code
 * @param lines the text of each line after the code and its separator (an enhanced status
 *     code, when present, is the start of the text: {@code "2.1.0 Ok"})
 */
public record SmtpReply(int code, List<String> lines) {

    public SmtpReply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("code: " + code + " (expected 200..599)");
        }
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply has at least one line");
        }
        for (String line : lines) {
            if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("a reply line must not contain CR or LF");
            }
        }
    }

    /** A one-line reply, e.g. {@code of(550, "5.7.1 Relaying denied")}. */
    public static SmtpReply of(int code, String text) {
        return new SmtpReply(code, List.of(text));
    }

    /**
     * The EHLO keywords: every line but the first (the greeting) of a 250 reply, as sent
     * ({@code "SIZE 10240000"}, {@code "PIPELINING"}).
     */
    public List<String> ehloKeywords() {
        return code == 250 && lines.size() > 1 ? lines.subList(1, lines.size()) : List.of();
    }
}
