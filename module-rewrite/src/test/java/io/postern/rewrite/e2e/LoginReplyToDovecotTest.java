package io.postern.rewrite.e2e;

import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.upstreams.MailServers;
import io.postern.testing.upstreams.MailUser;
import io.postern.testing.upstreams.RealMailServers;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A capability rule in front of a real Dovecot, whose tagged {@code OK} to LOGIN lists its
 * capabilities in a {@code [CAPABILITY ...]} code, the list most clients cache: that reply goes
 * through the filters like every response after it (SPI 1.4), so a removed capability is absent
 * from it and an added one present.
 */
@RealMailServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginReplyToDovecotTest {

    private final MailServers servers;
    private PosternFixture postern;

    LoginReplyToDovecotTest(MailServers servers) {
        this.servers = servers;
    }

    @BeforeAll
    void startPostern(@TempDir Path dir) throws Exception {
        postern = PosternFixture.start(dir, """
                mail {
                  imap_auth = [plain, login]
                  rewrite.imap.capabilities.caps { remove = [IDLE], add = [XPOSTERN] }
                  servers.imap { protocol = imap, listen = "127.0.0.1:0" }
                }
                """, DovecotAuth.of(servers), RewriteThroughPosternTest.rewriteModule());
    }

    @AfterAll
    void stopPostern() {
        if (postern != null) {
            postern.close();
        }
    }

    @Test
    void theLoginsCapabilityCodeIsEditedByTheRule() throws Exception {
        MailUser user = servers.user(0);
        try (ScriptClient client = new ScriptClient(postern.address())) {
            client.run("""
                    S: \\* OK .*
                    C: a1 LOGIN %s %s
                    S: a1 OK \\[CAPABILITY (?!.*\\bIDLE\\b)(?=.*\\bXPOSTERN\\b)(?=.*\\bIMAP4rev1\\b)[^]]*\\] .*
                    C: a2 CAPABILITY
                    S: \\* CAPABILITY (?!.*\\bIDLE\\b).*\\bXPOSTERN\\b.*
                    S: a2 OK .*
                    """.formatted(user.name(), user.password()));
        }
    }

    @Test
    void withoutTheRuleDovecotsLoginReplyListsIdle() throws Exception {
        // The premise of the test above: Dovecot does announce IDLE in its login reply.
        MailUser user = servers.user(1);
        try (ScriptClient client = new ScriptClient(new java.net.InetSocketAddress(servers.imap().host(),
                servers.imap().port()))) {
            client.run("""
                    S: \\* OK .*
                    C: a1 LOGIN %s %s
                    S: a1 OK \\[CAPABILITY .*\\bIDLE\\b.*\\] .*
                    """.formatted(user.name(), user.password()));
        }
    }
}
