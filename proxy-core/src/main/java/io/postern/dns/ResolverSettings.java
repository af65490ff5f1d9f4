package io.postern.dns;

import io.netty.util.NetUtil;
import com.typesafe.config.ConfigUtil;
import io.postern.config.NginxValues;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One server's {@code resolver} and {@code resolver_timeout}, as nginx's
 * {@code ngx_resolver_create} reads them: name servers as IP addresses with an optional port
 * (53 by default; IPv6 in brackets), {@code valid=} to keep answers that long whatever their
 * TTL, {@code ipv4=off} or {@code ipv6=off} to skip A or AAAA in the forward lookup, and
 * {@code status_zone=} (nginx's statistics zone, which Postern has no use for: accepted and
 * ignored). {@code off}, alone, means no lookups. Host names are refused: nginx resolves them
 * with the system's resolver when it reads the file, Postern never asks DNS to read its
 * configuration.
 */
public record ResolverSettings(List<InetSocketAddress> servers, Optional<Duration> valid, boolean ipv4,
                               boolean ipv6, Duration timeout) {

    private static final int DNS_PORT = 53;

    public ResolverSettings {
        servers = List.copyOf(servers);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("servers: [] (expected: at least one)");
        }
        Objects.requireNonNull(valid, "valid");
        Objects.requireNonNull(timeout, "timeout");
        if (!ipv4 && !ipv6) {
            throw new IllegalArgumentException("ipv4 and ipv6: both off (expected: at least one on)");
        }
    }

    /**
     * The resolver {@code words} (nginx's arguments; one list entry may hold several, separated
     * by spaces) describe, or empty for {@code off} and for no words at all.
     *
     * @throws IllegalArgumentException naming the word and what was expected
     */
    public static Optional<ResolverSettings> parse(List<String> words, Duration timeout) {
        List<String> args = new ArrayList<>();
        for (String word : words) {
            for (String part : word.trim().split("\\s+")) {
                if (!part.isEmpty()) {
                    args.add(part);
                }
            }
        }
        if (args.isEmpty() || args.equals(List.of("off"))) {
            return Optional.empty();
        }
        List<InetSocketAddress> servers = new ArrayList<>();
        Optional<Duration> valid = Optional.empty();
        boolean ipv4 = true;
        boolean ipv6 = true;
        for (String arg : args) {
            if (arg.startsWith("valid=")) {
                valid = Optional.of(validity(arg));
            } else if (arg.startsWith("ipv4=")) {
                ipv4 = onOff(arg);
            } else if (arg.startsWith("ipv6=")) {
                ipv6 = onOff(arg);
            } else if (arg.startsWith("status_zone=")) {
                continue; // nginx's statistics zone: nothing to do here
            } else if (arg.equals("off")) {
                throw new IllegalArgumentException("\"off\" (expected: off alone, or name servers without off)");
            } else {
                servers.add(server(arg));
            }
        }
        if (servers.isEmpty()) {
            throw new IllegalArgumentException(quote(String.join(" ", args))
                    + " (expected: at least one name server address, such as 127.0.0.53 or [::1]:5353)");
        }
        if (!ipv4 && !ipv6) {
            throw new IllegalArgumentException("\"ipv4=off ipv6=off\" (expected: at most one of them off)");
        }
        return Optional.of(new ResolverSettings(servers, valid, ipv4, ipv6, timeout));
    }

    /** {@code 127.0.0.1}, {@code 127.0.0.1:5353}, {@code [::1]}, {@code [::1]:5353}, {@code ::1}. */
    private static InetSocketAddress server(String arg) {
        String host = arg;
        String port = null;
        if (arg.startsWith("[")) {
            int close = arg.indexOf(']');
            host = close < 0 ? "" : arg.substring(1, close);
            String rest = close < 0 ? "" : arg.substring(close + 1);
            if (rest.startsWith(":")) {
                port = rest.substring(1);
            } else if (!rest.isEmpty()) {
                host = "";
            }
        } else if (arg.indexOf(':') == arg.lastIndexOf(':') && arg.indexOf(':') >= 0) {
            host = arg.substring(0, arg.indexOf(':'));
            port = arg.substring(arg.indexOf(':') + 1);
        }
        byte[] address = NetUtil.createByteArrayFromIpAddressString(host);
        if (address == null) {
            throw new IllegalArgumentException(quote(arg) + " (expected: a name server's IP address "
                    + "with an optional port, such as 127.0.0.53 or [::1]:5353; host names are not resolved)");
        }
        int number = port == null ? DNS_PORT : port.matches("[0-9]{1,5}") ? Integer.parseInt(port) : -1;
        if (number < 1 || number > 65535) {
            throw new IllegalArgumentException(quote(arg) + " (expected: a port 1-65535 after the :)");
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), number);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // never: the address is 4 or 16 bytes
        }
    }

    private static Duration validity(String arg) {
        String value = arg.substring("valid=".length());
        try {
            Duration d = NginxValues.duration(value);
            if (!d.isZero() && !d.isNegative()) {
                return d;
            }
        } catch (IllegalArgumentException e) {
            // reported below with the whole word
        }
        throw new IllegalArgumentException(quote(arg) + " (expected: valid= a duration > 0, such as 30s)");
    }

    private static boolean onOff(String arg) {
        String value = arg.substring(arg.indexOf('=') + 1);
        return switch (value) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException(quote(arg) + " (expected: "
                    + arg.substring(0, arg.indexOf('=')) + "=on or " + arg.substring(0, arg.indexOf('=')) + "=off)");
        };
    }

    private static String quote(String word) {
        return ConfigUtil.quoteString(word);
    }
}
