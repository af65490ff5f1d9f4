package io.postern.nginx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nginx's own syntax, read as nginx reads it. */
class NginxConfigReaderTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void readsQuotesEscapesCommentsAndVariablesAsNginxDoes() throws Exception {
        Path file = write("nginx.conf", """
                # a comment
                mail {
                    auth_http_header X-Key "a \\"b\\" c" ; # trailing
                    auth_http_header 'X-Other' 'it\\'s';
                    server_name ${host}.example\\;x;
                    imap_capabilities "IMAP4rev1" a#b;
                }
                """);

        List<NginxStatement> top = NginxConfigReader.read(file);

        assertThat(top).hasSize(1);
        NginxStatement mail = top.get(0);
        assertThat(mail.name()).isEqualTo("mail");
        assertThat(mail.line()).isEqualTo(2);
        assertThat(mail.block()).extracting(NginxStatement::args).containsExactly(
                List.of("X-Key", "a \"b\" c"), List.of("X-Other", "it's"), List.of("${host}.example\\;x"),
                List.of("IMAP4rev1", "a#b"));
        assertThat(mail.block()).extracting(NginxStatement::line).containsExactly(3, 4, 5, 6);
    }

    @Test
    void readsParenthesesAfterAQuotedStringAsNginxDoes() throws Exception {
        Path file = write("nginx.conf", "http { if ($a = 'b') { set $c d; } }\n");

        assertThat(NginxConfigReader.read(file).get(0).block().get(0).args()).containsExactly("($a", "=", "b", ")");
    }

    @Test
    void includesGlobsRelativeToTheMainFilesDirectoryInSortedOrderSkippingDotFiles() throws Exception {
        Path main = write("nginx.conf", "mail { include sub/servers.conf; }\n");
        write("sub/servers.conf", "include conf.d/*.conf;\n"); // relative to nginx.conf's directory, as nginx does
        write("conf.d/b.conf", "server { listen 2; }\n");
        write("conf.d/a.conf", "server { listen 1; }\n");
        write("sub/conf.d/a.conf", "server { listen 99; }\n");
        write("conf.d/.b.conf", "not nginx {"); // glob(3)'s * never matches a leading dot

        List<NginxStatement> servers = NginxConfigReader.read(main).get(0).block();

        assertThat(servers).extracting(s -> s.block().get(0).args().get(0)).containsExactly("1", "2");
        assertThat(servers.get(0).file()).isEqualTo(dir.resolve("conf.d/a.conf"));
        assertThat(servers.get(0).line()).isEqualTo(1);
    }

    @Test
    void aGlobMatchingNothingIsNoErrorButAMissingFileIs() throws Exception {
        assertThat(NginxConfigReader.read(write("a.conf", "include none/*.conf;\n"))).isEmpty();
        Path missing = write("b.conf", "\ninclude missing.conf;\n");

        assertThatThrownBy(() -> NginxConfigReader.read(missing)).isInstanceOf(NginxSyntaxException.class)
                .hasMessage(missing + ":2: open() \"" + dir.resolve("missing.conf") + "\" failed (No such file or directory)");
    }

    @Test
    void reportsTheLineWhereAnUnclosedBlockOpened() throws Exception {
        Path file = write("nginx.conf", "mail {\n    server {\n        listen 143;\n\n");

        assertThatThrownBy(() -> NginxConfigReader.read(file)).isInstanceOf(NginxSyntaxException.class)
                .hasMessage(file + ":2: unexpected end of file, expecting \"}\" to close the block opened here");
    }

    @Test
    void refusesAStrayClosingBraceAndAMissingSemicolon() throws Exception {
        Path brace = write("a.conf", "mail { }\n}\n");
        Path semicolon = write("b.conf", "mail {\n    max_errors 3\n}\n");

        assertThatThrownBy(() -> NginxConfigReader.read(brace)).hasMessage(brace + ":2: unexpected \"}\"");
        assertThatThrownBy(() -> NginxConfigReader.read(semicolon)).hasMessage(semicolon + ":3: unexpected \"}\"");
    }
}
