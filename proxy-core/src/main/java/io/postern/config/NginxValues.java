package io.postern.config;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueFactory;
import io.postern.spi.DirectiveType;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers (and printers) for values written the way nginx writes them. Each parser takes
 * the unwrapped HOCON value (a {@link String}, {@link Number}, {@link Boolean}, {@link List}
 * or {@link Map}) and throws {@link IllegalArgumentException} with a message of the form
 * {@code "abc" (expected: a duration such as 500ms, 60s, 5m, 24h)}; the caller prefixes the key.
 */
public final class NginxValues {

    private static final Pattern SIZE = Pattern.compile("(\\d+)([kKmMgG]?)");
    private static final Pattern TIME_PART = Pattern.compile("\\s*(\\d+)(ms|[yMwdhms]?)\\s*");
    /** nginx's time units, largest first; a compound value must use them in this order. */
    private static final List<String> TIME_UNITS = List.of("y", "M", "w", "d", "h", "m", "s", "ms");
    private static final long[] TIME_UNIT_MILLIS = {
        365L * 86_400_000, 30L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000, 1
    };

    private NginxValues() {
    }

    /** nginx time: {@code 500ms}, {@code 30s}, {@code 1h30m}, {@code 1M} (30 days), {@code 1y} (365 days); a bare number is seconds. */
    public static Duration duration(Object value) {
        if (value instanceof Number n) {
            return Duration.ofSeconds(wholeNonNegative(n, value, DirectiveType.DURATION));
        }
        String s = text(value, DirectiveType.DURATION);
        Matcher m = TIME_PART.matcher(s);
        long millis = 0;
        int previousUnit = -1;
        int pos = 0;
        try {
            while (pos < s.length()) {
                if (!m.find(pos) || m.start() != pos) {
                    throw invalid(value, DirectiveType.DURATION);
                }
                // A bare trailing number counts as seconds, as in nginx.
                int unit = TIME_UNITS.indexOf(m.group(2).isEmpty() ? "s" : m.group(2));
                if (unit <= previousUnit) {
                    throw invalid(value, DirectiveType.DURATION);
                }
                long amount = Long.parseLong(m.group(1));
                millis = Math.addExact(millis, Math.multiplyExact(amount, TIME_UNIT_MILLIS[unit]));
                previousUnit = unit;
                pos = m.end();
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw invalid(value, DirectiveType.DURATION);
        }
        if (previousUnit < 0) {
            throw invalid(value, DirectiveType.DURATION);
        }
        return Duration.ofMillis(millis);
    }

    /** nginx size: {@code 512}, {@code 4k}/{@code 4K}, {@code 1m}/{@code 1M}, {@code 1g}/{@code 1G}, in bytes. */
    public static long size(Object value) {
        if (value instanceof Number n) {
            return wholeNonNegative(n, value, DirectiveType.SIZE);
        }
        Matcher m = SIZE.matcher(text(value, DirectiveType.SIZE));
        if (!m.matches()) {
            throw invalid(value, DirectiveType.SIZE);
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        try {
            long amount = Long.parseLong(m.group(1));
            return Math.multiplyExact(amount, 1L << shift);
        } catch (ArithmeticException | NumberFormatException e) {
            throw invalid(value, DirectiveType.SIZE);
        }
    }

    /**
     * {@code on}/{@code off} or HOCON's {@code true}/{@code false}. Typesafe's own
     * {@code getBoolean} would also take yes/no, which nginx does not.
     */
    public static boolean flag(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s) {
            switch (s.toLowerCase(Locale.ROOT)) {
                case "on", "true":
                    return true;
                case "off", "false":
                    return false;
                default:
                    break;
            }
        }
        throw invalid(value, DirectiveType.FLAG);
    }

    /** A whole number, written as a number or as a string of digits. */
    public static long integer(Object value) {
        try {
            if (value instanceof Number n) {
                return new BigDecimal(n.toString()).longValueExact();
            }
            if (value instanceof String s && s.matches("-?\\d+")) {
                return Long.parseLong(s);
            }
        } catch (ArithmeticException | NumberFormatException e) {
            // falls through to the error below
        }
        throw invalid(value, DirectiveType.INTEGER);
    }

    /** One word or string; a number is taken as its text ({@code listen = 143}), a flag as on/off. */
    public static String string(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Boolean b) {
            // HOCON reads on/off as booleans; words such as starttls = on keep nginx's spelling.
            return b ? "on" : "off";
        }
        if (value instanceof Number n) {
            return n.toString();
        }
        throw invalid(value, DirectiveType.STRING);
    }

    /** A single string or a list of them. */
    public static List<String> stringList(Object value) {
        if (value instanceof List<?> list) {
            List<String> out = new ArrayList<>(list.size());
            for (Object element : list) {
                if (!(element instanceof String) && !(element instanceof Number)) {
                    throw invalid(value, DirectiveType.STRING_LIST);
                }
                out.add(element.toString());
            }
            return List.copyOf(out);
        }
        if (value instanceof String || value instanceof Number) {
            return List.of(value.toString());
        }
        throw invalid(value, DirectiveType.STRING_LIST);
    }

    /** A word from a closed set, compared case-insensitively and returned in lower case. */
    public static String oneOf(String value, Collection<String> allowed) {
        String lower = value.toLowerCase(Locale.ROOT);
        for (String word : allowed) {
            if (word.toLowerCase(Locale.ROOT).equals(lower)) {
                return lower;
            }
        }
        throw new IllegalArgumentException(quote(value) + " (expected: one of " + String.join(", ", allowed) + ")");
    }

    /** A block of {@code name = value} pairs with scalar values. */
    public static Map<String, String> object(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw invalid(value, DirectiveType.OBJECT);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object v = e.getValue();
            if (!(v instanceof String) && !(v instanceof Number) && !(v instanceof Boolean)) {
                throw invalid(value, DirectiveType.OBJECT);
            }
            out.put(e.getKey().toString(), v.toString());
        }
        return Map.copyOf(out);
    }

    /**
     * A block of any structure ({@link DirectiveType#BLOCK}), kept as written: its owner
     * checks its content.
     */
    public static Map<String, Object> block(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw invalid(value, DirectiveType.BLOCK);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k.toString(), v));
        return java.util.Collections.unmodifiableMap(out);
    }

    /** nginx's form of a duration, exact: {@code 500ms}, {@code 60s}, {@code 5m}, {@code 24h}. */
    public static String formatDuration(Duration d) {
        long millis = d.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds != 0 && seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        // 60s stays 60s, as nginx's documentation writes it; 120s becomes 2m.
        if (seconds > 60 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    /** nginx's form of a size, exact: {@code 512}, {@code 4k}, {@code 1m}, {@code 1g}. */
    public static String formatSize(long bytes) {
        String[] units = {"g", "m", "k"};
        int[] shifts = {30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes != 0 && bytes % unit == 0) {
                return bytes / unit + units[i];
            }
        }
        return Long.toString(bytes);
    }

    /** {@code on} or {@code off}. */
    public static String formatFlag(boolean flag) {
        return flag ? "on" : "off";
    }

    /** A value as it appears in an error message: strings quoted, numbers bare. */
    static String quote(Object value) {
        if (value instanceof String s) {
            return ConfigUtil.quoteString(s);
        }
        if (value instanceof Number || value instanceof Boolean || value == null) {
            return String.valueOf(value);
        }
        return ConfigValueFactory.fromAnyRef(value).render(ConfigRenderOptions.concise());
    }

    static IllegalArgumentException invalid(Object value, DirectiveType type) {
        return new IllegalArgumentException(quote(value) + " (expected: " + type.expected() + ")");
    }

    private static String text(Object value, DirectiveType type) {
        if (value instanceof String s && !s.isEmpty()) {
            return s;
        }
        throw invalid(value, type);
    }

    private static long wholeNonNegative(Number n, Object value, DirectiveType type) {
        try {
            long whole = new BigDecimal(n.toString()).longValueExact();
            if (whole >= 0) {
                return whole;
            }
        } catch (ArithmeticException | NumberFormatException e) {
            // 1.5 or 1e30: reported below with the type's own expectation
        }
        throw invalid(value, type);
    }
}
