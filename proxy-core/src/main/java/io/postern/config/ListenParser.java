package io.postern.config;

import java.util.Optional;
import java.util.OptionalInt;

/** Reads one {@code listen} value; a parser object so each parameter has its own small method. */
final class ListenParser {

    private final String value;
    private String host;
    private int port;
    private boolean ssl;
    private boolean proxyProtocol;
    private int backlog = ListenAddress.DEFAULT_BACKLOG;
    private OptionalInt rcvbuf = OptionalInt.empty();
    private OptionalInt sndbuf = OptionalInt.empty();
    private TcpKeepalive keepalive = TcpKeepalive.UNSET;
    private Optional<Boolean> ipv6only = Optional.empty();

    ListenParser(String value) {
        this.value = value;
    }

    ListenAddress parse() {
        String[] words = value.trim().split("\\s+");
        if (words[0].isEmpty()) {
            throw fail("expected: [address:]port [ssl] [proxy_protocol] [backlog=n] ...");
        }
        address(words[0]);
        for (int i = 1; i < words.length; i++) {
            parameter(words[i]);
        }
        return new ListenAddress(host, port, ssl, proxyProtocol, backlog, rcvbuf, sndbuf, keepalive, ipv6only);
    }

    private void address(String word) {
        if (word.startsWith("unix:")) {
            throw fail("unix sockets are not supported");
        }
        String portText = word;
        if (word.startsWith("[")) {
            int close = word.indexOf(']');
            if (close < 0 || close + 1 >= word.length() || word.charAt(close + 1) != ':') {
                throw fail("expected: [IPv6 address]:port");
            }
            host = word.substring(1, close);
            portText = word.substring(close + 2);
        } else if (word.indexOf(':') >= 0) {
            int colon = word.lastIndexOf(':');
            host = word.substring(0, colon);
            portText = word.substring(colon + 1);
            if (host.isEmpty() || host.indexOf(':') >= 0) {
                throw fail("expected: address:port, with IPv6 in brackets such as [::1]:143");
            }
        }
        port = portNumber(portText);
    }

    private int portNumber(String text) {
        if (text.matches("\\d{1,5}")) {
            int p = Integer.parseInt(text);
            if (p >= 0 && p <= 65535) {
                return p;
            }
        }
        throw fail("invalid port \"" + text + "\", expected: 0-65535");
    }

    private void parameter(String word) {
        int eq = word.indexOf('=');
        String name = eq < 0 ? word : word.substring(0, eq);
        String arg = eq < 0 ? null : word.substring(eq + 1);
        switch (name) {
            case "ssl" -> ssl = noArgument(name, arg);
            case "proxy_protocol" -> proxyProtocol = noArgument(name, arg);
            case "bind" -> noArgument(name, arg); // every listen gets its own socket anyway
            case "backlog" -> backlog = (int) number(name, arg, true);
            case "rcvbuf" -> rcvbuf = OptionalInt.of(size(name, arg));
            case "sndbuf" -> sndbuf = OptionalInt.of(size(name, arg));
            case "so_keepalive" -> keepalive = keepalive(arg);
            case "ipv6only" -> ipv6only = Optional.of(flag(name, arg));
            default -> throw fail("unknown parameter \"" + name + "\"");
        }
    }

    private boolean noArgument(String name, String arg) {
        if (arg != null) {
            throw fail("\"" + name + "\" takes no value");
        }
        return true;
    }

    private long number(String name, String arg, boolean positive) {
        if (arg != null && arg.matches("\\d{1,9}") && (!positive || Integer.parseInt(arg) > 0)) {
            return Integer.parseInt(arg);
        }
        throw fail("invalid \"" + name + "\", expected: " + name + "=<a whole number greater than 0>");
    }

    private int size(String name, String arg) {
        try {
            long bytes = NginxValues.size(arg == null ? "" : arg);
            if (bytes > 0 && bytes <= Integer.MAX_VALUE) {
                return (int) bytes;
            }
        } catch (IllegalArgumentException e) {
            // reported below, naming the parameter
        }
        throw fail("invalid \"" + name + "\", expected: " + name + "=<a size such as 64k>");
    }

    private TcpKeepalive keepalive(String arg) {
        try {
            return TcpKeepalive.parse(arg == null ? "" : arg);
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
    }

    private boolean flag(String name, String arg) {
        if ("on".equals(arg) || "off".equals(arg)) {
            return "on".equals(arg);
        }
        throw fail("invalid \"" + name + "\", expected: " + name + "=on or " + name + "=off");
    }

    private IllegalArgumentException fail(String why) {
        return new IllegalArgumentException(NginxValues.quote(value) + " (" + why + ")");
    }
}
