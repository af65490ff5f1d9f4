package io.postern.auth.http;

import java.util.Locale;
import java.util.Objects;

/**
 * One {@code auth_http} address in nginx's forms: {@code 127.0.0.1:9000/mail/auth},
 * {@code http://host:port/uri}, and (Postern's addition) {@code https://host/uri}.
 *
 * @param tls whether to speak TLS ({@code https://})
 * @param host the host as written, IPv6 literals without brackets
 * @param port the port (80, or 443 for {@code https://}, when absent)
 * @param uri the request target, {@code /} when absent
 * @param hostHeader nginx's {@code Host} value: the host as written, without the port
 */
record AuthHttpUrl(boolean tls, String host, int port, String uri, String hostHeader) {

    AuthHttpUrl {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(hostHeader, "hostHeader");
    }

    /**
     * Parses one value of {@code auth_http}.
     *
     * @throws IllegalArgumentException naming the value and what is wrong with it
     */
    static AuthHttpUrl parse(String value) {
        Objects.requireNonNull(value, "value");
        String rest = value;
        boolean tls = false;
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://")) {
            rest = value.substring(7);
        } else if (lower.startsWith("https://")) {
            rest = value.substring(8);
            tls = true;
        } else if (lower.startsWith("unix:")) {
            // java.nio's asynchronous channels cannot reach UNIX-domain sockets.
            throw invalid(value, "unix: sockets are not supported");
        } else if (value.contains("://")) {
            throw invalid(value, "only http:// and https:// are supported");
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String uri = slash < 0 ? "/" : rest.substring(slash);
        checkUri(value, uri);
        return authority(value, authority, tls, uri);
    }

    private static AuthHttpUrl authority(String value, String authority, boolean tls, String uri) {
        String host;
        String hostHeader;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw invalid(value, "unterminated IPv6 address");
            }
            host = authority.substring(1, close);
            hostHeader = authority.substring(0, close + 1);
            String after = authority.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw invalid(value, "invalid host");
                }
                portText = after.substring(1);
            }
            if (!host.matches("[0-9A-Fa-f:.]+")) {
                throw invalid(value, "invalid IPv6 address");
            }
        } else {
            int colon = authority.indexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            portText = colon < 0 ? null : authority.substring(colon + 1);
            hostHeader = host;
            if (!host.matches("[A-Za-z0-9._-]+")) {
                throw invalid(value, host.isEmpty() ? "no host" : "invalid host");
            }
        }
        int port = portText == null ? (tls ? 443 : 80) : port(value, portText);
        return new AuthHttpUrl(tls, host, port, uri, hostHeader);
    }

    private static int port(String value, String text) {
        if (!text.matches("[0-9]{1,5}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
            throw invalid(value, "invalid port");
        }
        return Integer.parseInt(text);
    }

    private static void checkUri(String value, String uri) {
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw invalid(value, "the URI contains a space or a control character");
            }
        }
    }

    private static IllegalArgumentException invalid(String value, String why) {
        return new IllegalArgumentException("auth_http: \"" + value + "\" (" + why
                + "; expected: [http:// | https://]host[:port][/uri])");
    }

    /** The URL as an operator would write it, for log lines. */
    @Override
    public String toString() {
        return (tls ? "https://" : "http://") + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port + uri;
    }
}
