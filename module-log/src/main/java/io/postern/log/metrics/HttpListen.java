package io.postern.log.metrics;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value of {@code metrics_listen}: {@code off}, or where the HTTP endpoint listens as
 * {@code address:port} ({@code [address]:port} for IPv6). An address is required: metrics and
 * the list of live sessions are for operators, so listening on every interface must be asked
 * for ({@code 0.0.0.0:9145}).
 *
 * @param host the address or host name to bind
 * @param port the port, 0 for any free one
 */
public record HttpListen(String host, int port) {

    public static final String DIRECTIVE = "metrics_listen";

    private static final Pattern FORM = Pattern.compile("(?:\\[([0-9A-Fa-f:.%\\w]+)]|([^:\\[\\]]+)):(\\d{1,5})");

    /**
     * Parses the directive's value.
     *
     * @throws IllegalArgumentException naming {@code metrics_listen} and the value
     */
    public static Optional<HttpListen> parse(String value) {
        return parse(DIRECTIVE, value);
    }

    /** Parses the value of {@code directive}, a directive of this form ({@code admin_listen}). */
    public static Optional<HttpListen> parse(String directive, String value) {
        String v = value.strip();
        if (v.equals("off")) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(v);
        int port = m.matches() ? Integer.parseInt(m.group(3)) : -1;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(directive + ": " + value
                    + " (expected: off, or address:port such as 127.0.0.1:9145 or [::1]:9145)");
        }
        return Optional.of(new HttpListen(m.group(1) != null ? m.group(1) : m.group(2), port));
    }

    /** The socket address to bind; resolves a host name, so call it at start, not on an event loop. */
    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }
}
