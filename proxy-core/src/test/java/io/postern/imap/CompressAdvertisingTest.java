package io.postern.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.Postern;
import io.postern.spi.imap.ImapFilter;
import io.postern.testing.ImapFilterModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code postern -t} warns of a COMPRESS=DEFLATE that framed sessions would refuse. */
class CompressAdvertisingTest {

    @TempDir
    Path dir;

    private Postern configure(String servers, boolean withFilter) throws Exception {
        Path file = dir.resolve("postern.conf");
        Files.writeString(file, "mail {\n" + servers + "\n}\n");
        return Postern.configure(file, dir, null, withFilter ? List.of(ImapFilterModule.of(() -> new ImapFilter() {
        })) : List.of());
    }

    @Test
    void warnsOfCompressOnAServerWhoseSessionsMayBeFramed() throws Exception {
        String servers = """
                servers.imap { protocol = imap, listen = "127.0.0.1:0", imap_capabilities = [IMAP4rev1, "COMPRESS=DEFLATE"] }
                servers.plain { protocol = imap, listen = "127.0.0.1:0" }
                """;
        Postern framed = configure(servers, true);
        try {
            assertThat(framed.warnings()).singleElement().asString()
                    .contains("postern.conf", "server \"imap\"", "imap_capabilities", "COMPRESS=DEFLATE");
        } finally {
            framed.close();
        }
        Postern raw = configure(servers, false);
        try {
            assertThat(raw.warnings()).isEmpty();
        } finally {
            raw.close();
        }
    }
}
