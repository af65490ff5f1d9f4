package io.postern.rewrite.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One block of the rewrite settings while it is read: typed getters that report a value of
 * the wrong form to {@link Problems} (with the file, the line, the key's path and what was
 * expected) and answer empty, so that one pass finds every mistake.
 */
final class Node {

    private final String path;
    private final ConfigObject object;
    private final Problems problems;

    Node(String path, ConfigObject object, Problems problems) {
        this.path = path;
        this.object = object;
        this.problems = problems;
    }

    boolean has(String key) {
        return object.containsKey(key);
    }

    /** Reports every key not in {@code allowed}, suggesting a near one. */
    void allowOnly(List<String> allowed) {
        for (Map.Entry<String, ConfigValue> e : inFileOrder(object)) {
            if (!allowed.contains(e.getKey())) {
                String hint = suggest(e.getKey(), allowed).map(s -> " (did you mean \"" + s + "\"?)")
                        .orElse(" (expected: one of " + String.join(", ", allowed) + ")");
                problems.add(e.getValue().origin(), path, "unknown key \"" + e.getKey() + "\"" + hint);
            }
        }
    }

    /** Reports {@code message} about the value of {@code key}. */
    void problem(String key, String message) {
        ConfigValue value = object.get(key);
        problems.add(value != null ? value.origin() : object.origin(), path + "." + quoteKey(key), message);
    }

    /** Reports that the block lacks {@code key}. */
    void missing(String key, String expected) {
        problems.add(object.origin(), path, "missing \"" + key + "\" (expected: " + expected + ")");
    }

    Optional<String> string(String key) {
        ConfigValue v = object.get(key);
        if (v == null) {
            return Optional.empty();
        }
        Optional<String> text = scalar(v);
        if (text.isEmpty()) {
            problem(key, render(v) + " (expected: a string)");
        }
        return text;
    }

    /** One word or a list of words. */
    List<String> words(String key) {
        ConfigValue v = object.get(key);
        if (v == null) {
            return List.of();
        }
        if (v.valueType() != ConfigValueType.LIST) {
            Optional<String> one = scalar(v);
            if (one.isEmpty()) {
                problem(key, render(v) + " (expected: a string or a list of strings)");
            }
            return one.map(List::of).orElse(List.of());
        }
        List<String> out = new ArrayList<>();
        for (Object element : (List<?>) v.unwrapped()) {
            if (!(element instanceof String) && !(element instanceof Number)) {
                problem(key, render(v) + " (expected: a string or a list of strings)");
                return List.of();
            }
            out.add(element.toString());
        }
        return List.copyOf(out);
    }

    /** {@code on}/{@code off} (or true/false), as nginx's flags. */
    boolean flag(String key, boolean byDefault) {
        ConfigValue v = object.get(key);
        if (v == null) {
            return byDefault;
        }
        Object raw = v.unwrapped();
        if (raw instanceof Boolean b) {
            return b;
        }
        if (raw instanceof String s && (s.equals("on") || s.equals("off"))) {
            return s.equals("on");
        }
        problem(key, render(v) + " (expected: on or off)");
        return byDefault;
    }

    /** nginx's size form: {@code 512}, {@code 4k}, {@code 10m}, {@code 1g}. */
    OptionalLong size(String key) {
        ConfigValue v = object.get(key);
        if (v == null) {
            return OptionalLong.empty();
        }
        OptionalLong size = Sizes.parse(v.unwrapped());
        if (size.isEmpty()) {
            problem(key, render(v) + " (expected: a size such as 512, 4k, 10m)");
        }
        return size;
    }

    /** A whole number between {@code min} and {@code max}. */
    OptionalLong integer(String key, long min, long max) {
        ConfigValue v = object.get(key);
        if (v == null) {
            return OptionalLong.empty();
        }
        Object raw = v.unwrapped();
        if ((raw instanceof Integer || raw instanceof Long) && ((Number) raw).longValue() >= min
                && ((Number) raw).longValue() <= max) {
            return OptionalLong.of(((Number) raw).longValue());
        }
        problem(key, render(v) + " (expected: a whole number from " + min + " to " + max + ")");
        return OptionalLong.empty();
    }

    /** A Java regular expression. */
    Optional<Pattern> regex(String key) {
        return string(key).flatMap(text -> {
            try {
                return Optional.of(Pattern.compile(text));
            } catch (PatternSyntaxException e) {
                problem(key, render(object.get(key)) + " (expected: a regular expression: "
                        + e.getDescription() + " near index " + e.getIndex() + ")");
                return Optional.empty();
            }
        });
    }

    /**
     * A block of {@code name = "value"} strings, in file order. A name with a dot must be
     * quoted, or HOCON reads it as a path: such a nested block is reported with that hint.
     */
    Map<String, String> strings(String key) {
        Optional<Node> block = block(key);
        if (block.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigValue> e : inFileOrder(block.get().object)) {
            Optional<String> value = scalar(e.getValue());
            if (value.isEmpty()) {
                String hint = e.getValue().valueType() == ConfigValueType.OBJECT
                        ? " (expected: a string; quote a name that holds a dot: \"" + e.getKey() + ".…\" = …)"
                        : " (expected: a string)";
                problems.add(e.getValue().origin(), block.get().path + "." + quoteKey(e.getKey()),
                        render(e.getValue()) + hint);
            } else {
                out.put(e.getKey(), value.get());
            }
        }
        return out;
    }

    /** The block under {@code key}; a value of another form is reported. */
    Optional<Node> block(String key) {
        ConfigValue v = object.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v.valueType() != ConfigValueType.OBJECT) {
            problem(key, render(v) + " (expected: a block { ... })");
            return Optional.empty();
        }
        return Optional.of(new Node(path + "." + quoteKey(key), (ConfigObject) v, problems));
    }

    /** The named blocks under {@code key} ({@code deny { inbox { … } big { … } }}), in file order. */
    List<Named> namedBlocks(String key) {
        Optional<Node> holder = block(key);
        if (holder.isEmpty()) {
            return List.of();
        }
        List<Named> out = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : inFileOrder(holder.get().object)) {
            String name = e.getKey();
            holder.get().block(name).ifPresent(node -> out.add(new Named(name, node)));
        }
        return out;
    }

    /** A rule block and its name. */
    record Named(String name, Node node) {
    }

    /** The entries by file and line, then by name: HOCON objects do not keep the written order. */
    static List<Map.Entry<String, ConfigValue>> inFileOrder(ConfigObject object) {
        List<Map.Entry<String, ConfigValue>> entries = new ArrayList<>(object.entrySet());
        entries.sort(Comparator.comparing((Map.Entry<String, ConfigValue> e) -> Problems.where(e.getValue().origin())
                        .replaceAll(":\\d+$", ""))
                .thenComparingInt(e -> e.getValue().origin().lineNumber())
                .thenComparing(Map.Entry::getKey));
        return entries;
    }

    private static Optional<String> scalar(ConfigValue v) {
        Object raw = v.unwrapped();
        if (raw instanceof String || raw instanceof Number || raw instanceof Boolean) {
            return Optional.of(raw.toString());
        }
        return Optional.empty();
    }

    static String render(ConfigValue v) {
        if (v == null || v.valueType() == ConfigValueType.NULL) {
            return "null";
        }
        if (v.valueType() == ConfigValueType.STRING) {
            return com.typesafe.config.ConfigUtil.quoteString((String) v.unwrapped());
        }
        return v.render(com.typesafe.config.ConfigRenderOptions.concise());
    }

    private static String quoteKey(String key) {
        return key.matches("[A-Za-z0-9_-]+") ? key : com.typesafe.config.ConfigUtil.quoteString(key);
    }

    private static Optional<String> suggest(String unknown, List<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String name : known) {
            int d = distance(unknown, name);
            if (d < bestDistance) {
                best = name;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
