package io.postern.log.access;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The formats an {@code access_log} may name: the built-in {@code main} and {@code json},
 * and those an operator defines with {@code log_format}.
 */
public final class LogFormats {

    /** The format used when an {@code access_log} names none, as nginx uses {@code combined}. */
    public static final String DEFAULT = "main";

    /**
     * One line per session in the spirit of nginx's {@code combined}: who, as whom, when, what
     * (protocol, server, session), how it ended, the bytes, and where it went.
     */
    static final String MAIN = "$remote_addr - \"$login\" [$time_local] \"$protocol $server_name $session_id\" "
            + "$close_reason $auth_status $auth_attempts $bytes_received $bytes_sent $upstream_addr "
            + "$upstream_connect_time $session_time";

    /** JSON lines: every variable, named as the variable, numbers that are always known unquoted. */
    static final String JSON = "escape=json {" + Arrays.stream(Variable.values())
            .map(v -> "\"" + v.variableName() + "\":" + (numeric(v) ? "$" + v.variableName()
                    : "\"$" + v.variableName() + "\""))
            .collect(Collectors.joining(",")) + "}";

    private LogFormats() {
    }

    /**
     * The built-in formats and {@code defined} ({@code log_format}'s name → format), compiled.
     *
     * @throws IllegalArgumentException for a format that does not compile, or one that
     *     redefines a built-in format (nginx refuses a duplicate {@code log_format} name too)
     */
    public static Map<String, LogFormat> with(Map<String, String> defined) {
        Map<String, LogFormat> formats = new LinkedHashMap<>();
        formats.put(DEFAULT, LogFormat.compile(DEFAULT, MAIN));
        formats.put("json", LogFormat.compile("json", JSON));
        for (Map.Entry<String, String> e : defined.entrySet()) {
            if (formats.containsKey(e.getKey())) {
                throw new IllegalArgumentException("log_format: format \"" + e.getKey()
                        + "\" is built in (expected: another name)");
            }
            formats.put(e.getKey(), LogFormat.compile(e.getKey(), e.getValue()));
        }
        return Map.copyOf(formats);
    }

    private static boolean numeric(Variable v) {
        return switch (v) {
            case REMOTE_PORT, SERVER_PORT, AUTH_ATTEMPTS, SESSION_TIME, BYTES_RECEIVED, BYTES_SENT -> true;
            default -> false;
        };
    }
}
