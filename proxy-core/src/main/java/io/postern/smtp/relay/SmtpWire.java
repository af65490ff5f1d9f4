package io.postern.smtp.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.postern.relay.Lines;
import io.postern.spi.smtp.SmtpCommand;
import io.postern.spi.smtp.SmtpReply;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SMTP as it is written after login (RFC 5321, 2920, 3030): the text form of commands and
 * replies, the BDAT size, and the commands and EHLO keywords the relay never lets through.
 */
final class SmtpWire {

    /** RFC 3030: {@code BDAT SP chunk-size [SP end-marker]}, nothing else. */
    private static final Pattern BDAT = Pattern.compile("BDAT ([0-9]{1,18})( LAST)?", Pattern.CASE_INSENSITIVE);

    /** EHLO keywords of commands the relay refuses after login, taken out of EHLO replies. */
    private static final Set<String> HIDDEN_KEYWORDS = Set.of("STARTTLS", "XCLIENT", "XFORWARD", "ATRN");

    private SmtpWire() {
    }

    /**
     * A command line: the verb is its first word, the rest after the blank that ends the word
     * is the argument, as sent. A word ends at any blank C's {@code isspace} knows inside a line
     * (SP, HT, VT, FF), and blanks before it are skipped, because that is how upstreams read a
     * command (Postfix's {@code smtpd_token}, Exim): were {@code "DATA\t"} or
     * {@code "XCLIENT\tLOGIN=x"} not DATA or XCLIENT here, the upstream would take a message
     * the relay reads as commands, or an XCLIENT the relay never refused.
     */
    static SmtpCommand parse(String line) {
        int start = 0;
        while (start < line.length() && isBlank(line.charAt(start))) {
            start++;
        }
        int end = start;
        while (end < line.length() && !isBlank(line.charAt(end))) {
            end++;
        }
        return new SmtpCommand(line.substring(start, end), end < line.length() ? line.substring(end + 1) : "");
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\u000b' || c == '\f';
    }

    /** The chunk size of a well-formed BDAT line; empty when the line is not one. */
    static OptionalLong bdatSize(String line) {
        Matcher matcher = BDAT.matcher(line);
        return matcher.matches() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
    }

    /**
     * The relay's own answer to a command it never forwards, decided before any filter sees it:
     * STARTTLS (the upstream would go TLS behind the relay's back, RFC 3207), AUTH (the session
     * is logged in, and a second AUTH would change who the upstream thinks the client is behind
     * the AUTH phase's back, RFC 4954 4: "503" after a successful AUTH), XCLIENT and XFORWARD
     * (the upstream trusts them from the relay's address: a client must not speak for it), and
     * TURN/ATRN, which turn the connection around.
     */
    static Optional<String> refusal(SmtpCommand command) {
        return switch (command.verb()) {
            case "STARTTLS" -> Optional.of("503 5.5.1 STARTTLS not allowed after login");
            case "AUTH" -> Optional.of("503 5.5.1 Already authenticated");
            case "XCLIENT", "XFORWARD" -> Optional.of("550 5.7.0 " + command.verb() + " not allowed");
            case "TURN", "ATRN" -> Optional.of("502 5.5.1 Command not implemented");
            default -> Optional.empty();
        };
    }

    /** The line of a command a filter wrote; refuses one that would not be a single line. */
    static ByteBuf encode(ByteBufAllocator alloc, SmtpCommand command) {
        return Lines.encode(alloc, text(command));
    }

    /** A command's line without its ending. */
    static String text(SmtpCommand command) {
        return command.argument().isEmpty() ? command.verb() : command.verb() + " " + command.argument();
    }

    /** A reply's lines: {@code 250-first}, …, {@code 250 last}. */
    static ByteBuf encode(ByteBufAllocator alloc, SmtpReply reply) {
        ByteBuf out = alloc.buffer();
        List<String> lines = reply.lines();
        for (int i = 0; i < lines.size(); i++) {
            Lines.append(out, reply.code() + (i == lines.size() - 1 ? " " : "-") + lines.get(i));
        }
        return out;
    }

    /**
     * An EHLO reply without the keywords of the commands the relay refuses; the same instance
     * when it had none.
     */
    static SmtpReply withoutHiddenKeywords(SmtpReply reply) {
        if (reply.ehloKeywords().stream().noneMatch(SmtpWire::hidden)) {
            return reply;
        }
        List<String> lines = new ArrayList<>(reply.lines().size());
        lines.add(reply.lines().get(0));
        reply.ehloKeywords().stream().filter(keyword -> !hidden(keyword)).forEach(lines::add);
        return new SmtpReply(reply.code(), lines);
    }

    /** Whether an EHLO reply offers CHUNKING (RFC 3030), so BDAT may go to that upstream. */
    static boolean offersChunking(SmtpReply reply) {
        return reply.ehloKeywords().stream().anyMatch(keyword -> keyword(keyword).equals("CHUNKING"));
    }

    private static boolean hidden(String keywordLine) {
        return HIDDEN_KEYWORDS.contains(keyword(keywordLine));
    }

    private static String keyword(String keywordLine) {
        String trimmed = keywordLine.strip();
        int space = trimmed.indexOf(' ');
        return (space < 0 ? trimmed : trimmed.substring(0, space)).toUpperCase(Locale.ROOT);
    }
}
