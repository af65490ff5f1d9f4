package io.postern.auth.http;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import io.postern.spi.ServerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code auth_http*} settings of one server, read and checked at start-up.
 *
 * @param urls the auth servers, tried in order when one cannot be reached
 * @param headers {@code auth_http_header}, in the order written
 * @param timeout connect, send and read time allowed per attempt
 * @param passClientCert {@code auth_http_pass_client_cert}: send the client's certificate as
 *     {@code Auth-SSL-Cert}
 * @param keepalive idle connections kept per auth server; 0 speaks HTTP/1.0 and closes, as nginx
 * @param maxResponse the largest answer header accepted, in bytes
 * @param extraHeaders whether to send {@code Client-Port}, {@code Server-IP}, {@code Server-Port}
 */
record AuthHttpSettings(List<AuthHttpUrl> urls, List<Header> headers, Duration timeout, boolean passClientCert,
                        int keepalive, int maxResponse, boolean extraHeaders) {

    static final String AUTH_HTTP = "auth_http";
    static final String HEADER = "auth_http_header";
    static final String TIMEOUT = "auth_http_timeout";
    static final String PASS_CLIENT_CERT = "auth_http_pass_client_cert";
    static final String KEEPALIVE = "auth_http_keepalive";
    static final String MAX_RESPONSE = "auth_http_max_response";
    static final String EXTRA_HEADERS = "auth_http_extra_headers";

    /** A configured request header, sent as {@code name: value}. */
    record Header(String name, String value) {
        Header {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    AuthHttpSettings {
        urls = List.copyOf(urls);
        headers = List.copyOf(headers);
        Objects.requireNonNull(timeout, "timeout");
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("urls: empty (expected: at least one)");
        }
    }

    /** Whether {@code server} sets {@code auth_http} (itself or through the mail block). */
    static boolean enabled(ServerConfig server) {
        return server.has(AUTH_HTTP) && !server.strings(AUTH_HTTP).isEmpty();
    }

    /**
     * Reads the settings of a server that sets {@code auth_http}.
     *
     * @throws IllegalArgumentException naming the directive, the value and where it was set
     */
    static AuthHttpSettings from(ServerConfig server) {
        List<AuthHttpUrl> urls = new ArrayList<>();
        for (String url : server.strings(AUTH_HTTP)) {
            try {
                urls.add(AuthHttpUrl.parse(url));
            } catch (IllegalArgumentException e) {
                String message = e.getMessage();
                throw server.invalid(AUTH_HTTP, message.startsWith(AUTH_HTTP + ": ")
                        ? message.substring(AUTH_HTTP.length() + 2) : message);
            }
        }
        Duration timeout = server.duration(TIMEOUT);
        check(server, TIMEOUT, !timeout.isNegative() && !timeout.isZero(), timeout, "> 0");
        long keepalive = server.integer(KEEPALIVE);
        check(server, KEEPALIVE, keepalive >= 0 && keepalive <= 1024, keepalive, "0-1024");
        long maxResponse = server.size(MAX_RESPONSE);
        check(server, MAX_RESPONSE, maxResponse >= 256 && maxResponse <= 1 << 20, maxResponse, "256-1m");
        return new AuthHttpSettings(urls, headers(server), timeout, server.flag(PASS_CLIENT_CERT),
                (int) keepalive, (int) maxResponse, server.flag(EXTRA_HEADERS));
    }

    private static void check(ServerConfig server, String directive, boolean ok, Object value, String expected) {
        if (!ok) {
            throw server.invalid(directive, value + " (expected: " + expected + ")");
        }
    }

    /**
     * The configured headers in the order written. HOCON objects are unordered, so the order
     * comes from each entry's line in the file (entries on one line follow by name).
     */
    static List<Header> headers(ServerConfig server) {
        Map<String, String> values = server.object(HEADER);
        if (values.isEmpty()) {
            return List.of();
        }
        List<String> names = new ArrayList<>(values.keySet());
        ConfigObject raw = server.raw().hasPath(HEADER) ? server.raw().getObject(HEADER) : null;
        Comparator<String> byLine = Comparator.comparingInt(n -> line(raw, n));
        names.sort(byLine.thenComparing(Comparator.naturalOrder()));
        List<Header> headers = new ArrayList<>();
        for (String name : names) {
            String value = values.get(name);
            if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+") || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw server.invalid(HEADER, name + " = \"" + value
                        + "\" (expected: an HTTP header name and a value without CR or LF)");
            }
            headers.add(new Header(name, value));
        }
        return headers;
    }

    private static int line(ConfigObject raw, String name) {
        ConfigValue value = raw == null ? null : raw.get(name);
        return value == null || value.origin().lineNumber() < 0 ? Integer.MAX_VALUE : value.origin().lineNumber();
    }
}
