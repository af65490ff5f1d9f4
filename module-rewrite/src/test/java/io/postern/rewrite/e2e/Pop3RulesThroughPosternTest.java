package io.postern.rewrite.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POP3 through Postern with module-rewrite to GreenMail: DELE refused for a read-only group, CAPA edited. */
class Pop3RulesThroughPosternTest {

    @TempDir
    Path dir;

    private GreenMail upstream;
    private PosternFixture postern;

    @BeforeEach
    void start() throws Exception {
        upstream = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3));
        upstream.start();
        upstream.setUser("reader@example.com", "reader", "reader-secret")
                .deliver(AngusMail.message("alice@example.com", "reader@example.com", "please keep me"));
        postern = PosternFixture.start(dir, """
                mail {
                  rewrite.pop3 {
                    deny.read-only { groups = [readonly], commands = [DELE], answer = "Read-only mailbox" }
                    capabilities.caps { remove = [TOP], add = [X-POSTERN] }
                  }
                  servers.pop3 { protocol = pop3, listen = "127.0.0.1:0" }
                }
                """, Upstreams.auth(upstream, Map.of("reader", "reader-secret"), Map.of("group", "staff, readonly")),
                RewriteThroughPosternTest.rewriteModule());
    }

    @AfterEach
    void stop() {
        if (postern != null) {
            postern.close();
        }
        upstream.stop();
    }

    @Test
    void aReadOnlyGroupCannotDeleteAndSeesTheEditedCapabilities() throws Exception {
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run("""
                    S: \\+OK .*
                    C: USER reader
                    S: \\+OK.*
                    C: PASS reader-secret
                    S: \\+OK.*
                    C: CAPA
                    S: \\+OK.*
                    """);
            List<String> capabilities = new ArrayList<>();
            for (String line = c.readLine(); line != null && !line.equals("."); line = c.readLine()) {
                capabilities.add(line);
            }
            assertThat(capabilities).contains("X-POSTERN").noneMatch(l -> l.startsWith("TOP"));
            c.run("""
                    C: DELE 1
                    S: -ERR Read-only mailbox
                    C: STAT
                    S: \\+OK 1 .*
                    C: QUIT
                    S: \\+OK.*
                    """);
        }
        assertThat(upstream.getReceivedMessages()).hasSize(1);
    }
}
