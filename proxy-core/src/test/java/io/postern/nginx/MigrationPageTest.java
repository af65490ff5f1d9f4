package io.postern.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.nginx.NginxDirective.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/migrating-from-nginx.md says what the converter does: its table and its worked example. */
class MigrationPageTest {

    private static final Path PAGE = Path.of("").toAbsolutePath().getParent().resolve("docs/migrating-from-nginx.md");

    /** The example's files, in test resources, shown on the page as if under /etc/nginx. */
    private static Path example() throws Exception {
        return Path.of(MigrationPageTest.class.getResource("/io/postern/nginx/example/nginx.conf").toURI()).getParent();
    }

    @Test
    void listsEveryDirectiveOfTheConvertersTableWithItsStatus() throws Exception {
        Matcher m = Pattern.compile("(?m)^\\| `([a-z0-9_]+)` \\| ([a-z ]+) \\|").matcher(Files.readString(PAGE));
        List<String> documented = new ArrayList<>();
        while (m.find()) {
            documented.add(m.group(1) + ": " + m.group(2).trim());
        }

        assertThat(documented).containsExactlyElementsOf(NginxDirectives.all().stream()
                .map(d -> d.name() + ": " + statusWord(d.status())).toList());
    }

    @Test
    void showsTheWorkedExampleAndWhatImportNginxMakesOfIt() throws Exception {
        String page = Files.readString(PAGE);
        Path dir = example();
        NginxImporter.Result result = NginxImporter.convert(dir.resolve("nginx.conf"));

        for (String file : List.of("nginx.conf", "mail.d/imap.conf", "mail.d/smtp.conf")) {
            assertThat(page).as(file).contains("```nginx\n" + Files.readString(dir.resolve(file)) + "```\n");
        }
        assertThat(page).contains("```hocon\n" + result.hocon().replace(dir.toString(), "/etc/nginx") + "```\n");
        for (ImportWarning warning : result.warnings()) {
            assertThat(page).contains("postern: [warn] " + warning.toString().replace(dir.toString(), "/etc/nginx") + "\n");
        }
    }

    private static String statusWord(Status status) {
        return switch (status) {
            case SUPPORTED -> "supported";
            case CONVERTED -> "converted";
            case UNSUPPORTED -> "not supported";
        };
    }
}
