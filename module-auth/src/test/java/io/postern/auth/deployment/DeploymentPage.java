package io.postern.auth.deployment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configurations of {@code docs/deployment.md}, read from the page itself: each fenced block
 * after a {@code <!-- deployment-test: NAME -->} marker, so that what the page shows is what the
 * test runs. Only addresses and ports are replaced, and every replacement must find its text:
 * a page edited out of step with the test fails the test rather than silently testing something else.
 */
final class DeploymentPage {

    private static final Pattern BLOCK = Pattern.compile(
            "<!-- deployment-test: ([\\w.]+) -->\\s*```[a-z]*\\n(.*?)```", Pattern.DOTALL);

    private final Map<String, String> blocks = new LinkedHashMap<>();

    private DeploymentPage(String text) {
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            blocks.put(m.group(1), m.group(2));
        }
    }

    /** The page, found from the module's directory (where Maven runs the tests) or the project's. */
    static DeploymentPage read() throws IOException {
        for (Path candidate : new Path[] {Path.of("../docs/deployment.md"), Path.of("docs/deployment.md")}) {
            if (Files.isRegularFile(candidate)) {
                return new DeploymentPage(Files.readString(candidate, StandardCharsets.UTF_8));
            }
        }
        throw new IOException("docs/deployment.md not found from " + Path.of("").toAbsolutePath());
    }

    /** The block named {@code name}, with each key of {@code replacements} (which must occur) replaced. */
    String block(String name, Map<String, String> replacements) {
        String text = blocks.get(name);
        if (text == null) {
            throw new IllegalStateException("docs/deployment.md has no block marked \"deployment-test: " + name + "\"");
        }
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            if (!text.contains(r.getKey())) {
                throw new IllegalStateException("docs/deployment.md's " + name + " no longer contains \"" + r.getKey()
                        + "\": update the page and this test together");
            }
            text = text.replace(r.getKey(), r.getValue());
        }
        return text;
    }

    /** A quoted value of {@code key = "…"} in the block {@code name}, as written. */
    String value(String name, String key) {
        Matcher m = Pattern.compile(Pattern.quote(key) + "\\s*=\\s*\"([^\"]*)\"").matcher(blocks.getOrDefault(name, ""));
        if (!m.find()) {
            throw new IllegalStateException("docs/deployment.md's " + name + " sets no " + key);
        }
        return m.group(1);
    }
}
