package io.postern.log.access;

import io.postern.log.session.ClosedSession;
import io.postern.log.session.LiveSession;
import io.postern.spi.TlsInfo;
import io.postern.spi.UpstreamAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The {@code $variables} a {@code log_format} may use, each with how its value is taken from
 * a closed session. A value that is not known is {@code "-"}, as in nginx.
 */
public enum Variable {
    TIME_ISO8601(c -> Values.ISO8601.format(c.endTime())),
    TIME_LOCAL(c -> Values.LOCAL.format(c.endTime())),
    SESSION_ID(c -> s(c).id()),
    REMOTE_ADDR(c -> host(s(c).client())),
    REMOTE_PORT(c -> Integer.toString(s(c).client().getPort())),
    SERVER_ADDR(c -> host(s(c).local())),
    SERVER_PORT(c -> Integer.toString(s(c).local().getPort())),
    SERVER_NAME(c -> s(c).server()),
    PROTOCOL(c -> s(c).protocol().configName()),
    /** The client connection's TLS version ({@code TLSv1.3}); {@code "-"} in plain text. */
    TLS_PROTOCOL(c -> s(c).tls().map(TlsInfo::protocol).orElse(Values.UNKNOWN)),
    /** The cipher in OpenSSL's naming, as nginx logs it; {@code "-"} in plain text. */
    TLS_CIPHER(c -> s(c).tls().map(TlsInfo::cipher).orElse(Values.UNKNOWN)),
    LOGIN(c -> s(c).login().filter(l -> !l.isEmpty()).orElse(Values.UNKNOWN)),
    AUTH_STATUS(c -> s(c).authStatus().word()),
    AUTH_ATTEMPTS(c -> Integer.toString(c.summary().authAttempts())),
    UPSTREAM_ADDR(c -> s(c).upstream().map(UpstreamAddress::toString).orElse(Values.UNKNOWN)),
    UPSTREAM_CONNECT_TIME(c -> s(c).upstreamConnectTime().map(Variable::seconds).orElse(Values.UNKNOWN)),
    SESSION_TIME(c -> seconds(c.summary().duration())),
    BYTES_RECEIVED(c -> Long.toString(c.summary().bytesFromClient())),
    BYTES_SENT(c -> Long.toString(c.summary().bytesToClient())),
    /**
     * The post-login commands the session sent, counted by module-log's filter: known only for
     * sessions it audits or counts ({@code audit_log}, {@code metrics_commands}), {@code "-"}
     * for the others (which keep the raw relay, where nothing is parsed).
     */
    COMMANDS(c -> c.commands().isPresent() ? Long.toString(c.commands().getAsLong()) : Values.UNKNOWN),
    CLOSE_REASON(c -> c.summary().reason().name().toLowerCase(Locale.ROOT));

    private static final Map<String, Variable> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Variable::variableName, Function.identity()));

    /** Constants the values above use; a nested class, since an enum's constants come before its fields. */
    private static final class Values {
        /** nginx's mark for a value that is not known. */
        static final String UNKNOWN = "-";
        static final DateTimeFormatter ISO8601 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX", Locale.ROOT)
                .withZone(ZoneId.systemDefault());
        static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
                .withZone(ZoneId.systemDefault());
    }

    private final Function<ClosedSession, String> value;

    Variable(Function<ClosedSession, String> value) {
        this.value = value;
    }

    /** The name without the dollar sign: {@code remote_addr}. */
    public String variableName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value for {@code session}, unescaped. */
    public String valueOf(ClosedSession session) {
        return value.apply(session);
    }

    /** The variable called {@code name} (without the dollar sign), if there is one. */
    public static Optional<Variable> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    private static LiveSession s(ClosedSession c) {
        return c.session();
    }

    /** The IP address without brackets or host name, as nginx's {@code $remote_addr}. */
    private static String host(InetSocketAddress address) {
        return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    }

    /** Seconds with millisecond resolution, as nginx's {@code $request_time}: {@code 0.042}. */
    static String seconds(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        return String.format(Locale.ROOT, "%d.%03d", millis / 1000, millis % 1000);
    }
}
