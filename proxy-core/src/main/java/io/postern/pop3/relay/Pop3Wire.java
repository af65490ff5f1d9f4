package io.postern.pop3.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.postern.relay.Lines;
import io.postern.spi.pop3.Pop3Command;
import io.postern.spi.pop3.Pop3Response;
import io.postern.spi.pop3.Pop3Response.Body;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * POP3 as it is written after login (RFC 1939, 2449, 6856): which commands the relay lets
 * through and what shape of answer each gets, and the text form of commands and answers.
 */
final class Pop3Wire {

    /**
     * The commands of RFC 1939, 2449 and 6856, whose answers the relay knows how to frame. Any
     * other is refused: the relay could not tell whether its {@code +OK} opens a block.
     */
    private static final Set<String> KNOWN = Set.of("USER", "PASS", "APOP", "AUTH", "QUIT", "STAT", "LIST", "RETR",
            "DELE", "NOOP", "RSET", "TOP", "UIDL", "CAPA", "STLS", "UTF8", "LANG");

    private Pop3Wire() {
    }

    /** A command line's verb and its arguments, split at spaces. */
    static Pop3Command parse(String line) {
        List<String> words = new ArrayList<>(Arrays.asList(line.split(" ", -1)));
        String verb = words.remove(0);
        words.removeIf(String::isEmpty);
        return new Pop3Command(verb, words);
    }

    /**
     * The relay's own answer to a command it never forwards, decided before any filter sees it:
     * STLS (only valid before login, RFC 2595; the upstream would go TLS behind the relay's
     * back), AUTH (the session is logged in; a SASL exchange would be framed as commands), and
     * commands the relay does not know.
     */
    static Optional<String> refusal(Pop3Command command) {
        return switch (command.verb()) {
            case "STLS" -> Optional.of("-ERR STLS not allowed after login");
            case "AUTH" -> Optional.of("-ERR Already authenticated");
            default -> KNOWN.contains(command.verb()) ? Optional.empty() : Optional.of("-ERR Unknown command");
        };
    }

    /**
     * What follows a {@code +OK} to {@code command}: the body of RETR and TOP, streamed; the
     * block of CAPA, and of LIST, UIDL and LANG without an argument, given to filters as lines;
     * nothing for the rest.
     */
    static Body expected(Pop3Command command) {
        return switch (command.verb()) {
            case "RETR", "TOP" -> Body.STREAMED;
            case "CAPA" -> Body.LINES;
            case "LIST", "UIDL", "LANG" -> command.args().isEmpty() ? Body.LINES : Body.NONE;
            default -> Body.NONE;
        };
    }

    /** The line of a command a filter wrote; refuses a verb or argument that would break the line. */
    static ByteBuf encode(ByteBufAllocator alloc, Pop3Command command) {
        StringBuilder line = new StringBuilder(command.verb());
        for (String arg : command.args()) {
            if (arg.isEmpty() || arg.indexOf(' ') >= 0) {
                throw new IllegalArgumentException("a POP3 argument is a non-empty word without spaces");
            }
            line.append(' ').append(arg);
        }
        return Lines.encode(alloc, line.toString());
    }

    /** The status line of an answer: {@code +OK text} or {@code -ERR text}. */
    static String statusLine(Pop3Response response) {
        String status = response.ok() ? "+OK" : "-ERR";
        return response.text().isEmpty() ? status : status + " " + response.text();
    }

    /**
     * The bytes of an answer the relay sends itself (a filter's answer or replacement).
     *
     * @param block whether the client waits for a block after {@code +OK}: then the answer's
     *     lines follow, dot-stuffed, and the terminating dot (an answer with no lines gets an
     *     empty block); otherwise the answer must have no lines
     */
    static ByteBuf encode(ByteBufAllocator alloc, Pop3Response response, boolean block) {
        boolean withBlock = block && response.ok();
        if (!withBlock && !response.lines().isEmpty()) {
            throw new IllegalArgumentException("an answer to " + (response.ok() ? "this command" : "-ERR")
                    + " is a single line: it has no block lines");
        }
        ByteBuf out = alloc.buffer();
        try {
            Lines.append(out, statusLine(response));
            if (withBlock) {
                for (String line : response.lines()) {
                    // RFC 1939 3: a line that starts with the termination octet gets another.
                    Lines.append(out, line.startsWith(".") ? "." + line : line);
                }
                Lines.append(out, ".");
            }
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /** The status of a status line, or empty when it is neither {@code +OK} nor {@code -ERR}. */
    static Optional<Pop3Response> parseStatus(String line) {
        String upper = line.toUpperCase(Locale.ROOT);
        if (upper.startsWith("+OK") && (line.length() == 3 || line.charAt(3) == ' ')) {
            return Optional.of(Pop3Response.ok(line.length() > 4 ? line.substring(4) : ""));
        }
        if (upper.startsWith("-ERR") && (line.length() == 4 || line.charAt(4) == ' ')) {
            return Optional.of(Pop3Response.err(line.length() > 5 ? line.substring(5) : ""));
        }
        return Optional.empty();
    }

    /** Whether a capability line names STLS (RFC 2449 6.4), which the relay refuses after login. */
    static boolean isStls(String capability) {
        return capability.strip().equalsIgnoreCase("STLS");
    }
}
