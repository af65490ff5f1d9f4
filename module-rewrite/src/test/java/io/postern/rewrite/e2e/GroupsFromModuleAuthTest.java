package io.postern.rewrite.e2e;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.postern.auth.AuthModule;
import io.postern.module.LoadedModule;
import io.postern.module.ModuleDescriptor;
import io.postern.spi.SpiVersion;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group rule of module-rewrite matching the groups module-auth's own authenticators give:
 * an auth_http server's {@code Auth-Attr-Group} header and the users file's {@code group=}
 * extra field. Both users are refused CREATE by the {@code readonly} group's deny rule; a user
 * of neither group is not.
 */
class GroupsFromModuleAuthTest {

    @TempDir
    Path dir;

    private GreenMail upstream;
    private HttpServer authServer;
    private PosternFixture postern;

    @BeforeEach
    void start() throws Exception {
        upstream = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        upstream.start();
        int imap = upstream.getImap().getPort();
        for (String user : new String[] {"file-ro", "http-ro", "http-rw"}) {
            upstream.setUser(user, user, "pw-" + user);
        }
        Files.writeString(dir.resolve("users"), "file-ro:{PLAIN}pw-file-ro:127.0.0.1:" + imap
                + "::group=staff,readonly\n");
        authServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        authServer.createContext("/auth", exchange -> {
            String user = exchange.getRequestHeaders().getFirst("Auth-User");
            String password = exchange.getRequestHeaders().getFirst("Auth-Pass");
            if (("pw-" + user).equals(password)) {
                exchange.getResponseHeaders().add("Auth-Status", "OK");
                exchange.getResponseHeaders().add("Auth-Server", "127.0.0.1");
                exchange.getResponseHeaders().add("Auth-Port", String.valueOf(imap));
                if (user.equals("http-ro")) {
                    exchange.getResponseHeaders().add("Auth-Attr-Group", "readonly");
                }
            } else {
                exchange.getResponseHeaders().add("Auth-Status", "Invalid login or password");
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        authServer.start();
        postern = PosternFixture.start(dir, """
                mail {
                  auth_users = users
                  auth_http = "127.0.0.1:%d/auth"
                  rewrite.imap.deny.read-only { groups = [readonly], commands = [CREATE]
                                                answer = "[NOPERM] Read-only account" }
                  servers { imap { protocol = imap, listen = "127.0.0.1:0" } }
                }
                """.formatted(authServer.getAddress().getPort()),
                LoadedModule.inProcess(new AuthModule(), new ModuleDescriptor("auth", "test", SpiVersion.current(), "test")),
                RewriteThroughPosternTest.rewriteModule());
    }

    @AfterEach
    void stop() {
        if (postern != null) {
            postern.close();
        }
        if (authServer != null) {
            authServer.stop(0);
        }
        upstream.stop();
    }

    private void create(String user, String answer) throws Exception {
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run("""
                    S: \\* OK .*
                    C: a1 LOGIN %s pw-%s
                    S: a1 OK .*
                    C: a2 CREATE Projects
                    S: %s
                    """.formatted(user, user, answer));
        }
    }

    @Test
    void theUsersFilesGroupFieldMakesAGroupRuleMatch() throws Exception {
        create("file-ro", "a2 NO \\[NOPERM\\] Read-only account");
    }

    @Test
    void anAuthHttpAnswersAuthAttrGroupMakesAGroupRuleMatch() throws Exception {
        create("http-ro", "a2 NO \\[NOPERM\\] Read-only account");
    }

    @Test
    void aUserOfNoGroupIsNotRefused() throws Exception {
        create("http-rw", "a2 OK .*");
    }
}
