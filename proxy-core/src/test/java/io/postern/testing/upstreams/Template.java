package io.postern.testing.upstreams;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A configuration file shipped beside these classes with {@code @NAME@} placeholders. Every
 * placeholder must be given a value: a forgotten one would otherwise reach Dovecot or Postfix
 * as a literal and fail there with a less helpful message.
 */
final class Template {

    private static final Pattern PLACEHOLDER = Pattern.compile("@([A-Z0-9_]+)@");

    private Template() {
    }

    /** The resource {@code name} with its placeholders replaced from {@code values}. */
    static String render(String name, Map<String, String> values) {
        String text = read(name);
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException(name + ": no value for @" + m.group(1) + "@");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String read(String name) {
        try (InputStream in = Template.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + name + " beside " + Template.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
