package io.postern.auth.http;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An auth server's answer header, as parsed: the HTTP version and status (when a status
 * line was sent) and the header lines in order, names as sent, values trimmed.
 *
 * @param httpVersion {@code HTTP/1.1} etc., or empty for nginx's status-line-less form
 * @param status the status code, or 0 without a status line
 * @param headers the header lines in order
 * @param headerLength the bytes the header took, up to and including its empty line
 */
record Answer(String httpVersion, int status, List<Field> headers, int headerLength) {

    /** Compiled once: the answer of every login is checked against it. */
    private static final Pattern CONTENT_LENGTH = Pattern.compile("[0-9]{1,15}");

    /** One header line. */
    record Field(String name, String value) {
        Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    Answer {
        Objects.requireNonNull(httpVersion, "httpVersion");
        headers = List.copyOf(headers);
    }

    /** The value of the last header named {@code name} (case-insensitive). */
    Optional<String> last(String name) {
        String found = null;
        for (Field f : headers) {
            if (f.name().equalsIgnoreCase(name)) {
                found = f.value();
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * How many body bytes follow the header when the connection may be kept, or -1 when the
     * body's end is unknown (no status line, HTTP/1.0, {@code Connection: close}, chunked,
     * or no {@code Content-Length}): such a connection is closed after the header.
     */
    long reusableBodyLength() {
        if (!httpVersion.equals("HTTP/1.1")) {
            return -1;
        }
        if (last("Connection").map(v -> v.toLowerCase(Locale.ROOT).contains("close")).orElse(false)
                || last("Transfer-Encoding").isPresent()) {
            return -1;
        }
        if (status == 204 || status == 304) {
            return 0;
        }
        Optional<String> length = last("Content-Length");
        if (length.isEmpty() || !CONTENT_LENGTH.matcher(length.get()).matches()) {
            return -1;
        }
        return Long.parseLong(length.get());
    }
}
