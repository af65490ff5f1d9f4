package io.postern.nginx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A HOCON block being written: keys in the order they were set, each a value already in
 * HOCON's syntax, a list, a block of strings, or a nested block; with an optional comment
 * line above a key.
 */
final class HoconBlock {

    /** Words HOCON reads back as the same string: a word, or nginx's sizes and times ({@code 4k}, {@code 1h30m}). */
    private static final Pattern BARE = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*|[0-9]+[A-Za-z]*(?:[0-9]+[A-Za-z]+)*");
    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]*");
    private static final java.util.Set<String> KEYWORDS = java.util.Set.of("true", "false", "null", "yes", "no");

    private final Map<String, Object> entries = new LinkedHashMap<>();
    private final Map<String, String> comments = new LinkedHashMap<>();

    boolean has(String key) {
        return entries.containsKey(key);
    }

    /** Sets a value already written in HOCON's syntax ({@link #string}, a bare flag, a number). */
    void put(String key, String hocon) {
        entries.put(key, hocon);
    }

    /** Sets {@code key} right after {@code after} (or last, when {@code after} is not set). */
    void putAfter(String after, String key, String hocon) {
        Map<String, Object> copy = new LinkedHashMap<>(entries);
        entries.clear();
        copy.forEach((k, v) -> {
            entries.put(k, v);
            if (k.equals(after)) {
                entries.put(key, hocon);
            }
        });
        entries.putIfAbsent(key, hocon);
    }

    /** Appends to the list under {@code key}, creating it; written as a list even of one. */
    void add(String key, String hocon) {
        ((Values) entries.computeIfAbsent(key, k -> new Values(false))).items.add(hocon);
    }

    /** Collects a repeated directive's value under {@code key}: one is written alone, several as a list. */
    void collect(String key, String hocon) {
        ((Values) entries.computeIfAbsent(key, k -> new Values(true))).items.add(hocon);
    }

    /** A list of values already in HOCON's syntax. */
    private record Values(boolean oneAlone, List<String> items) {
        Values(boolean oneAlone) {
            this(oneAlone, new ArrayList<>());
        }
    }

    /** Sets {@code name} in the block of strings under {@code key}, creating it; false if {@code name} was set already. */
    @SuppressWarnings("unchecked")
    boolean putIn(String key, String name, String hocon) {
        Map<String, String> block = (Map<String, String>) entries.computeIfAbsent(key, k -> new LinkedHashMap<String, String>());
        return block.putIfAbsent(name, hocon) == null;
    }

    /** Sets {@code name} in the block under {@code key} (created if absent), replacing any value. */
    @SuppressWarnings("unchecked")
    void replaceIn(String key, String name, String hocon) {
        ((Map<String, String>) entries.computeIfAbsent(key, k -> new LinkedHashMap<String, String>())).put(name, hocon);
    }

    /** The value of {@code name} in the block under {@code key}, as written by putIn or replaceIn. */
    @SuppressWarnings("unchecked")
    java.util.Optional<String> getIn(String key, String name) {
        return entries.get(key) instanceof Map<?, ?> block
                ? java.util.Optional.ofNullable(((Map<String, String>) block).get(name)) : java.util.Optional.empty();
    }

    void putBlock(String key, HoconBlock block) {
        entries.put(key, block);
    }

    /** The first entry of the list under {@code listen}, unquoted. */
    java.util.Optional<String> firstListen() {
        if (entries.get("listen") instanceof Values values && !values.items.isEmpty()) {
            String quoted = values.items.get(0);
            return java.util.Optional.of(quoted.substring(1, quoted.length() - 1));
        }
        return java.util.Optional.empty();
    }

    /** The nested block under {@code key}, created empty if absent. */
    HoconBlock block(String key) {
        return (HoconBlock) entries.computeIfAbsent(key, k -> new HoconBlock());
    }

    void comment(String key, String text) {
        comments.put(key, text);
    }

    /** A string in HOCON: bare when it is a plain word, else quoted with JSON's escapes. */
    static String string(String value) {
        if (BARE.matcher(value).matches() && !KEYWORDS.contains(value.toLowerCase(java.util.Locale.ROOT))) {
            return value;
        }
        return quoted(value);
    }

    static String quoted(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20 || ch == 0x7f) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    static String key(String key) {
        return BARE_KEY.matcher(key).matches() && !KEYWORDS.contains(key) ? key : quoted(key);
    }

    /** The block's content, each line indented by {@code indent} spaces. */
    void render(StringBuilder out, int indent) {
        String pad = " ".repeat(indent);
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            String comment = comments.get(e.getKey());
            if (comment != null) {
                for (String line : comment.split("\n")) {
                    out.append(pad).append("# ").append(line).append('\n');
                }
            }
            out.append(pad).append(key(e.getKey()));
            Object value = e.getValue();
            if (value instanceof HoconBlock block) {
                out.append(" {\n");
                block.render(out, indent + 2);
                out.append(pad).append("}\n");
            } else if (value instanceof Values values && values.oneAlone && values.items.size() == 1) {
                out.append(" = ").append(values.items.get(0)).append('\n');
            } else if (value instanceof Values values) {
                out.append(" = [").append(String.join(", ", values.items)).append("]\n");
            } else if (value instanceof Map<?, ?> map) {
                out.append(" {\n");
                map.forEach((k, v) -> out.append(pad).append("  ").append(quoted((String) k)).append(" = ")
                        .append(v).append('\n'));
                out.append(pad).append("}\n");
            } else {
                out.append(" = ").append(value).append('\n');
            }
        }
    }
}
