package io.postern.config;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A listen's {@code so_keepalive} parameter as nginx reads it: {@code on}, {@code off}, or
 * {@code [idle]:[intvl]:[cnt]} ({@code 30m::10}) which switches {@code SO_KEEPALIVE} on and sets
 * the timers written, leaving the system's ({@code net.ipv4.tcp_keepalive_*}) for the others.
 *
 * @param soKeepalive {@code SO_KEEPALIVE} on the accepted sockets
 * @param explicitlyOff {@code so_keepalive=off}: switched off even where the system's default is on
 * @param idle {@code TCP_KEEPIDLE}, whole seconds
 * @param interval {@code TCP_KEEPINTVL}, whole seconds
 * @param count {@code TCP_KEEPCNT}
 */
public record TcpKeepalive(boolean soKeepalive, boolean explicitlyOff, Optional<Duration> idle,
                           Optional<Duration> interval, OptionalInt count) {

    /** Not written: the socket keeps the system's setting. */
    public static final TcpKeepalive UNSET = new TcpKeepalive(false, false, Optional.empty(), Optional.empty(),
            OptionalInt.empty());

    public TcpKeepalive {
        java.util.Objects.requireNonNull(idle, "idle");
        java.util.Objects.requireNonNull(interval, "interval");
        java.util.Objects.requireNonNull(count, "count");
    }

    /**
     * Parses the value after {@code so_keepalive=}, as nginx's {@code ngx_mail_core_listen}: each
     * timer is nginx time in seconds ({@code 30m}, {@code 75}), the count a whole number, and a
     * zero or missing part is left to the system; at least one part must be set.
     *
     * @throws IllegalArgumentException naming the value
     */
    public static TcpKeepalive parse(String value) {
        if (value.equals("on")) {
            return new TcpKeepalive(true, false, Optional.empty(), Optional.empty(), OptionalInt.empty());
        }
        if (value.equals("off")) {
            return new TcpKeepalive(false, true, Optional.empty(), Optional.empty(), OptionalInt.empty());
        }
        String[] parts = value.split(":", -1);
        if (parts.length > 3) {
            throw invalid(value);
        }
        Optional<Duration> idle = timer(value, parts[0]);
        Optional<Duration> interval = parts.length > 1 ? timer(value, parts[1]) : Optional.empty();
        OptionalInt count = parts.length > 2 ? count(value, parts[2]) : OptionalInt.empty();
        if (idle.isEmpty() && interval.isEmpty() && count.isEmpty()) {
            throw invalid(value);
        }
        return new TcpKeepalive(true, false, idle, interval, count);
    }

    /** Whether any of the three timers is set. */
    public boolean hasTimers() {
        return idle.isPresent() || interval.isPresent() || count.isPresent();
    }

    /** Whether the parameter was written at all. */
    public boolean isSet() {
        return soKeepalive || explicitlyOff;
    }

    /** nginx's form, as {@link #parse} reads it. */
    @Override
    public String toString() {
        if (explicitlyOff) {
            return "off";
        }
        if (!hasTimers()) {
            return soKeepalive ? "on" : "";
        }
        return idle.map(d -> Long.toString(d.toSeconds())).orElse("") + ":"
                + interval.map(d -> Long.toString(d.toSeconds())).orElse("") + ":"
                + (count.isPresent() ? Integer.toString(count.getAsInt()) : "");
    }

    private static Optional<Duration> timer(String value, String part) {
        if (part.isEmpty()) {
            return Optional.empty();
        }
        if (part.contains("ms")) {
            throw invalid(value); // nginx reads these timers in seconds and refuses milliseconds
        }
        Duration d;
        try {
            d = NginxValues.duration(part);
        } catch (IllegalArgumentException e) {
            throw invalid(value);
        }
        if (d.toMillis() % 1000 != 0 || d.toSeconds() > Integer.MAX_VALUE) {
            throw invalid(value);
        }
        return d.isZero() ? Optional.empty() : Optional.of(d);
    }

    private static OptionalInt count(String value, String part) {
        if (part.isEmpty()) {
            return OptionalInt.empty();
        }
        if (!part.matches("\\d{1,9}")) {
            throw invalid(value);
        }
        int n = Integer.parseInt(part);
        return n == 0 ? OptionalInt.empty() : OptionalInt.of(n);
    }

    private static IllegalArgumentException invalid(String value) {
        return new IllegalArgumentException("invalid so_keepalive value: \"" + value
                + "\", expected: on, off or [idle]:[intvl]:[cnt] such as 30m::10");
    }
}
