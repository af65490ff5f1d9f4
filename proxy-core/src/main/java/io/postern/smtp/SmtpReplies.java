package io.postern.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The SMTP replies Postern writes itself before login, in nginx's words. */
final class SmtpReplies {

    static final String OK = "250 2.0.0 OK";
    static final String BYE = "221 2.0.0 Bye";
    static final String AUTH_OK = "235 2.0.0 OK";
    static final String INVALID_COMMAND = "500 5.5.1 Invalid command";
    static final String INVALID_PIPELINING = "503 5.5.0 Improper use of SMTP command pipelining";
    static final String INVALID_ARGUMENT = "501 5.5.4 Invalid argument";
    static final String AUTH_REQUIRED = "530 5.7.1 Authentication required";
    static final String BAD_SEQUENCE = "503 5.5.1 Bad sequence of commands";
    static final String INTERNAL_ERROR = "451 4.3.2 Internal server error";
    static final String START_TLS = "220 2.0.0 Start TLS";
    /** RFC 4954 4: a client's {@code *} ends the exchange with a 501 (nginx does not support it). */
    static final String AUTH_CANCELLED = "501 5.7.0 Authentication cancelled";
    /** nginx's code and enhanced status of a refused login, unless the auth decision gives one. */
    static final String AUTH_FAILED_CODE = "535 5.7.0";

    private SmtpReplies() {
    }

    /** A challenge line: {@code 334 <text>}. */
    static String challenge(String text) {
        return "334 " + text;
    }

    /**
     * An EHLO answer offering STARTTLS, as its last line (nginx's
     * {@code starttls_capability}); with {@code dropAuth} the AUTH line goes
     * ({@code starttls_only_capability}).
     */
    static List<String> withStartTls(List<String> ehlo, boolean dropAuth) {
        List<String> out = new ArrayList<>();
        for (String line : ehlo) {
            String text = line.substring(4);
            if (!(dropAuth && text.startsWith("AUTH "))) {
                out.add("250-" + text);
            }
        }
        out.add("250 STARTTLS");
        return out;
    }

    static ByteBuf line(ByteBufAllocator alloc, String text) {
        return lines(alloc, List.of(text));
    }

    static ByteBuf lines(ByteBufAllocator alloc, List<String> texts) {
        ByteBuf out = alloc.buffer();
        for (String text : texts) {
            out.writeCharSequence(text, StandardCharsets.UTF_8);
            out.writeByte('\r').writeByte('\n');
        }
        return out;
    }
}
