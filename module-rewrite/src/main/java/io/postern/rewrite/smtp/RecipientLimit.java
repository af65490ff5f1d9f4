package io.postern.rewrite.smtp;

import io.postern.rewrite.rule.Audience;
import io.postern.rewrite.rule.Rule;
import io.postern.spi.smtp.SmtpReply;
import java.util.Objects;

/**
 * A {@code recipients} rule: at most {@code max} recipients per message; a {@code RCPT TO}
 * beyond them is answered {@code code text} (RFC 5321's {@code 452 4.5.3}) without reaching
 * the server.
 */
public record RecipientLimit(String name, Audience audience, int max, int code, String text) implements Rule {

    public RecipientLimit {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(text, "text");
        if (max < 1) {
            throw new IllegalArgumentException("max: " + max + " (expected: >= 1)");
        }
    }

    SmtpReply answer() {
        return SmtpReply.of(code, text);
    }
}
