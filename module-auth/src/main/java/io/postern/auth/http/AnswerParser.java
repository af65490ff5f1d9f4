package io.postern.auth.http;

import io.postern.spi.WireText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses an auth server's answer header the way nginx's
 * {@code ngx_mail_auth_http_ignore_status_line} and {@code ngx_mail_auth_http_parse_header_line}
 * do: an optional {@code HTTP/...} status line, then header lines whose names match
 * {@code [A-Za-z0-9][A-Za-z0-9-]*} (a line with a name and no colon has an empty value),
 * values with surrounding spaces removed, bare LF accepted as a line end, and an empty line
 * as the end. Stateless: it is run again over the bytes gathered so far after each read (the
 * header is small and capped), which keeps it resumable at any byte boundary.
 */
final class AnswerParser {

    /** The result of one parse. */
    sealed interface Result {
    }

    /** The header is not complete yet. */
    enum NeedMore implements Result {
        INSTANCE
    }

    /** The whole header was read. */
    record Done(Answer answer) implements Result {
    }

    /** The bytes are not an auth_http answer. */
    record Invalid(String reason) implements Result {
    }

    private static final byte[] HTTP = "HTTP/".getBytes(StandardCharsets.US_ASCII);

    private AnswerParser() {
    }

    static Result parse(byte[] buf, int len) {
        int pos = 0;
        String version = "";
        int status = 0;
        int prefix = 0;
        while (prefix < HTTP.length && prefix < len && buf[prefix] == HTTP[prefix]) {
            prefix++;
        }
        if (prefix == len && prefix < HTTP.length) {
            return NeedMore.INSTANCE;
        }
        if (prefix == HTTP.length) {
            int lf = lineEnd(buf, 0, len);
            if (lf < 0) {
                return NeedMore.INSTANCE;
            }
            int end = lf > 0 && buf[lf - 1] == '\r' ? lf - 1 : lf;
            if (indexOf(buf, 0, end, (byte) '\r') >= 0) {
                return new Invalid("invalid status line");
            }
            String line = new String(buf, 0, end, StandardCharsets.ISO_8859_1);
            int space = line.indexOf(' ');
            version = space < 0 ? line : line.substring(0, space);
            status = statusCode(line, space);
            pos = lf + 1;
        }
        return headers(buf, pos, len, version, status);
    }

    private static Result headers(byte[] buf, int pos, int len, String version, int status) {
        List<Answer.Field> fields = new ArrayList<>();
        while (true) {
            int lf = lineEnd(buf, pos, len);
            if (lf < 0) {
                return NeedMore.INSTANCE;
            }
            int end = lf > pos && buf[lf - 1] == '\r' ? lf - 1 : lf;
            if (end == pos) {
                return new Done(new Answer(version, status, fields, lf + 1));
            }
            Answer.Field field = field(buf, pos, end);
            if (field == null) {
                return new Invalid("invalid header in response");
            }
            fields.add(field);
            pos = lf + 1;
        }
    }

    /** One header line between {@code start} and {@code end} (no CR or LF), or null if invalid. */
    private static Answer.Field field(byte[] buf, int start, int end) {
        int p = start;
        if (!alnum(buf[p])) {
            return null;
        }
        while (p < end && (alnum(buf[p]) || buf[p] == '-')) {
            p++;
        }
        String name = new String(buf, start, p - start, StandardCharsets.US_ASCII);
        if (p == end) {
            return new Answer.Field(name, "");
        }
        if (buf[p] != ':') {
            return null;
        }
        int from = p + 1;
        int to = end;
        while (from < to && buf[from] == ' ') {
            from++;
        }
        while (to > from && buf[to - 1] == ' ') {
            to--;
        }
        if (indexOf(buf, from, to, (byte) '\r') >= 0) {
            return null;
        }
        // nginx takes the bytes as they are: an Auth-User or Auth-Pass is sent on to the upstream unchanged.
        return new Answer.Field(name, WireText.decode(buf, from, to - from));
    }

    /** The status line's second word (between its first two spaces) when it is three digits, else 0. */
    private static int statusCode(String line, int space) {
        if (space < 0) {
            return 0;
        }
        int next = line.indexOf(' ', space + 1);
        int end = next < 0 ? line.length() : next;
        if (end - space - 1 != 3) {
            return 0;
        }
        int code = 0;
        for (int i = space + 1; i < end; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            code = code * 10 + (c - '0');
        }
        return code;
    }

    private static boolean alnum(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9');
    }

    private static int lineEnd(byte[] buf, int from, int len) {
        return indexOf(buf, from, len, (byte) '\n');
    }

    private static int indexOf(byte[] buf, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
