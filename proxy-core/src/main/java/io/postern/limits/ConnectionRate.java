package io.postern.limits;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rate of new connections in nginx's {@code limit_req} form: {@code 10r/s}, {@code 600r/m},
 * or {@code off}.
 *
 * @param perSecond connections per second; 0 means no limit
 * @param text the value as written
 */
public record ConnectionRate(double perSecond, String text) {

    /** No rate limit. */
    public static final ConnectionRate OFF = new ConnectionRate(0, "off");

    private static final Pattern FORM = Pattern.compile("([0-9]{1,9})r/([sm])");

    public ConnectionRate {
        Objects.requireNonNull(text, "text");
        if (perSecond < 0) {
            throw new IllegalArgumentException("perSecond: " + perSecond + " (expected: >= 0)");
        }
    }

    /**
     * Parses {@code Nr/s}, {@code Nr/m} or {@code off}.
     *
     * @throws IllegalArgumentException naming the value and what was expected
     */
    public static ConnectionRate parse(String value) {
        Objects.requireNonNull(value, "value");
        if (value.equals("off")) {
            return OFF;
        }
        Matcher m = FORM.matcher(value);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException("\"" + value + "\" (expected: off, or connections per second or per "
                    + "minute such as 10r/s or 300r/m)");
        }
        long count = Long.parseLong(m.group(1));
        return new ConnectionRate(m.group(2).equals("s") ? count : count / 60.0, value);
    }

    /** Whether a limit applies. */
    public boolean on() {
        return perSecond > 0;
    }
}
