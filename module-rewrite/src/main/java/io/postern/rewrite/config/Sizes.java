package io.postern.rewrite.config;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** nginx's size form, as the core reads it: {@code 512}, {@code 4k}, {@code 10m}, {@code 1g}. */
final class Sizes {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})([kKmMgG]?)");

    private Sizes() {
    }

    static OptionalLong parse(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            long n = ((Number) value).longValue();
            return n >= 0 ? OptionalLong.of(n) : OptionalLong.empty();
        }
        if (!(value instanceof String s)) {
            return OptionalLong.empty();
        }
        Matcher m = SIZE.matcher(s);
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        long n = Long.parseLong(m.group(1));
        int shift = switch (m.group(2).toLowerCase(java.util.Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        return n > (Long.MAX_VALUE >> shift) ? OptionalLong.empty() : OptionalLong.of(n << shift);
    }
}
