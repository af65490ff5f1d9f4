package io.postern.auth.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.postern.auth.AuthModule;
import io.postern.auth.http.FakeAuthServer.Reply;
import io.postern.module.LoadedModule;
import io.postern.module.ModuleDescriptor;
import io.postern.nginx.NginxImporter;
import io.postern.spi.SpiVersion;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Postern running on what {@code import-nginx} made of an nginx configuration asks the auth
 * server with nginx's exact request: HTTP/1.0, no Connection header, nginx's headers and then
 * the configured ones, nothing after them.
 */
class ImportedNginxConfigWireTest {

    private static final String USER = "bob@localhost";
    private static final String PASSWORD = "Wh1sper-0f-Secrets";

    @TempDir
    Path dir;

    private GreenMail greenMail;
    private FakeAuthServer auth;
    private PosternFixture postern;

    @AfterEach
    void stop() throws Exception {
        if (postern != null) {
            postern.close();
        }
        auth.close();
        greenMail.stop();
    }

    @Test
    void asksTheAuthServerWithNginxsRequestByteForByte() throws Exception {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        greenMail.start();
        greenMail.setUser(USER, USER, PASSWORD);
        auth = new FakeAuthServer().respond(request -> Reply.close("HTTP/1.0 200 OK\r\nAuth-Status: OK\r\n"
                + "Auth-Server: 127.0.0.1\r\nAuth-Port: " + greenMail.getImap().getPort() + "\r\n\r\n"));
        Path nginx = Files.writeString(dir.resolve("nginx.conf"), """
                mail {
                    auth_http         %s;
                    auth_http_header  X-Auth-Key "k3y";
                    server {
                        listen     127.0.0.1:0;
                        protocol   imap;
                    }
                }
                """.formatted(auth.url()));
        postern = PosternFixture.start(dir, NginxImporter.convert(nginx).hocon(), LoadedModule.inProcess(new AuthModule(),
                new ModuleDescriptor("auth", "test", SpiVersion.current(), "test")));

        try (ScriptClient client = new ScriptClient(postern.address())) {
            client.run("""
                    S: \\* OK .*
                    C: a1 LOGIN %s %s
                    S: a1 OK .*
                    """.formatted(USER, PASSWORD));
        }

        assertThat(auth.requests()).containsExactly("GET /mail/auth HTTP/1.0\r\nHost: 127.0.0.1\r\n"
                + "Auth-Method: plain\r\nAuth-User: " + USER + "\r\nAuth-Pass: " + PASSWORD + "\r\n"
                + "Auth-Protocol: imap\r\nAuth-Login-Attempt: 1\r\nClient-IP: 127.0.0.1\r\nX-Auth-Key: k3y\r\n\r\n");
    }
}
