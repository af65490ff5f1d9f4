package io.postern.smtp;

import java.util.Objects;

/**
 * What the client said about itself before login, which the upstream login replays: its
 * HELO or EHLO argument and, with {@code smtp_auth none}, the MAIL and RCPT lines.
 *
 * @param helo the HELO/EHLO argument, empty before either
 * @param esmtp whether the last greeting command was EHLO
 * @param mailFrom the whole {@code MAIL FROM:} line, empty when none is stored
 * @param rcptTo the whole {@code RCPT TO:} line, empty when none is stored
 */
record SmtpEnvelope(String helo, boolean esmtp, String mailFrom, String rcptTo) {

    static final SmtpEnvelope EMPTY = new SmtpEnvelope("", false, "", "");

    SmtpEnvelope {
        Objects.requireNonNull(helo, "helo");
        Objects.requireNonNull(mailFrom, "mailFrom");
        Objects.requireNonNull(rcptTo, "rcptTo");
    }

    /** After HELO or EHLO: nginx forgets the envelope. */
    SmtpEnvelope hello(String argument, boolean extended) {
        return new SmtpEnvelope(argument, extended, "", "");
    }

    SmtpEnvelope mail(String line) {
        return new SmtpEnvelope(helo, esmtp, line, "");
    }

    SmtpEnvelope rcpt(String line) {
        return new SmtpEnvelope(helo, esmtp, mailFrom, line);
    }

    /** RSET keeps the greeting and drops the envelope. */
    SmtpEnvelope reset() {
        return new SmtpEnvelope(helo, esmtp, "", "");
    }
}
