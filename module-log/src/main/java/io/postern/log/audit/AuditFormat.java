package io.postern.log.audit;

import io.postern.log.access.Escaping;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * How an audit line is written: {@code main}, in the access log's style, or {@code json}, one
 * object per line. Values from the client or the server are escaped as the access log escapes
 * them, so no command can forge a line or a field. Immutable; used on the writer thread.
 */
public enum AuditFormat {

    /**
     * {@code $remote_addr - "$login" [$time] "$protocol $server_name $session_id" "$mailbox"}
     * followed by {@code C <tag> <verb> <arguments>} for a command, or
     * {@code S <tag> <status> <elapsed> <bytes> "<verb>" <text>} for a result; {@code -} for
     * what is not known (the tag of POP3 and SMTP, the mailbox, the bytes).
     */
    MAIN {
        @Override
        public String format(AuditEvent event) {
            StringBuilder out = new StringBuilder(160);
            AuditedSession s = event.session();
            out.append(host(s.client())).append(" - \"");
            Escaping.DEFAULT.append(out, orDash(s.login()));
            out.append("\" [").append(TIME.format(event.time())).append("] \"").append(s.protocol().configName())
                    .append(' ').append(s.server()).append(' ').append(s.id()).append("\" \"");
            Escaping.DEFAULT.append(out, event.mailbox().orElse(UNKNOWN));
            out.append("\" ");
            if (event.line() instanceof AuditLine.Command c) {
                out.append("C ");
                appendTail(out, orDash(c.tag()));
                appendTail(out, c.verb().isEmpty() ? "" : " " + c.verb());
                appendTail(out, c.arguments().isEmpty() ? "" : " " + c.arguments());
            } else if (event.line() instanceof AuditLine.Result r) {
                out.append("S ");
                appendTail(out, orDash(r.tag()));
                out.append(' ');
                appendTail(out, r.status());
                out.append(' ').append(seconds(r.elapsed())).append(' ')
                        .append(r.bytes().isPresent() ? Long.toString(r.bytes().getAsLong()) : UNKNOWN).append(" \"");
                Escaping.DEFAULT.append(out, r.verb());
                out.append('"');
                appendTail(out, r.text().isEmpty() ? "" : " " + r.text());
            }
            return out.toString();
        }
    },

    /**
     * {@code {"time":…,"session_id":…,"protocol":…,"server_name":…,"remote_addr":…,"remote_port":…,
     * "login":…,"mailbox":…,"type":"command","tag":…,"verb":…,"arguments":…}}, or for a result
     * {@code "type":"result"} with {@code "status"}, {@code "text"}, {@code "elapsed"} (seconds)
     * and {@code "bytes"}; {@code null} for what is not known.
     */
    JSON {
        @Override
        public String format(AuditEvent event) {
            AuditedSession s = event.session();
            Json out = new Json().field("time", TIME.format(event.time())).field("session_id", s.id())
                    .field("protocol", s.protocol().configName()).field("server_name", s.server())
                    .field("remote_addr", host(s.client())).number("remote_port", s.client().getPort())
                    .field("login", nullIfEmpty(s.login())).field("mailbox", event.mailbox().orElse(null));
            if (event.line() instanceof AuditLine.Command c) {
                out.field("type", "command").field("tag", nullIfEmpty(c.tag())).field("verb", nullIfEmpty(c.verb()))
                        .field("arguments", c.arguments());
            } else if (event.line() instanceof AuditLine.Result r) {
                out.field("type", "result").field("tag", nullIfEmpty(r.tag())).field("verb", nullIfEmpty(r.verb()))
                        .field("status", r.status()).field("text", r.text())
                        .raw("elapsed", seconds(r.elapsed()))
                        .raw("bytes", r.bytes().isPresent() ? Long.toString(r.bytes().getAsLong()) : "null");
            }
            return out.close();
        }
    };

    /** nginx's mark for a value that is not known. */
    private static final String UNKNOWN = "-";
    /** ISO 8601 with milliseconds: commands come faster than once a second. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
            Locale.ROOT).withZone(ZoneId.systemDefault());

    /** The line for {@code event}, without a line terminator. */
    public abstract String format(AuditEvent event);

    /** The format called {@code name} in {@code audit_log}: main or json. */
    public static Optional<AuditFormat> named(String name) {
        for (AuditFormat format : values()) {
            if (format.name().toLowerCase(Locale.ROOT).equals(name)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /**
     * The free text at the end of a line: control characters and bytes above 0x7e as
     * {@code \xHH}, so a command cannot forge a line, but quotes and backslashes kept, since
     * IMAP commands are full of them ({@code "a \"b\""}, {@code \Seen}) and the text is the
     * line's last field.
     */
    static void appendTail(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                int end = Character.isHighSurrogate(c) && i + 1 < text.length() ? i + 2 : i + 1;
                Escaping.DEFAULT.append(out, text.substring(i, end));
                i = end - 1;
            } else {
                out.append(c);
            }
        }
    }

    private static String host(InetSocketAddress address) {
        return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    }

    private static String orDash(String value) {
        return value.isEmpty() ? UNKNOWN : value;
    }

    private static String nullIfEmpty(String value) {
        return value.isEmpty() ? null : value;
    }

    /** Seconds with millisecond resolution, as the access log's {@code $session_time}. */
    private static String seconds(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        return String.format(Locale.ROOT, "%d.%03d", millis / 1000, millis % 1000);
    }

    /** A JSON object written field by field. */
    private static final class Json {
        private final StringBuilder out = new StringBuilder(256).append('{');

        Json field(String name, String value) {
            if (value == null) {
                return raw(name, "null");
            }
            key(name).append('"');
            Escaping.JSON.append(out, value);
            out.append('"');
            return this;
        }

        Json number(String name, long value) {
            return raw(name, Long.toString(value));
        }

        Json raw(String name, String value) {
            key(name).append(value);
            return this;
        }

        private StringBuilder key(String name) {
            if (out.length() > 1) {
                out.append(',');
            }
            return out.append('"').append(name).append("\":");
        }

        String close() {
            return out.append('}').toString();
        }
    }
}
