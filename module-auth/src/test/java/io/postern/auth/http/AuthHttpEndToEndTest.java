package io.postern.auth.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.postern.auth.AuthModule;
import io.postern.auth.http.FakeAuthServer.Reply;
import io.postern.module.LoadedModule;
import io.postern.module.ModuleDescriptor;
import io.postern.spi.SpiVersion;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Postern in-process with module-auth, asking the fake auth server, which sends logins to an
 * embedded GreenMail IMAP server.
 */
class AuthHttpEndToEndTest {

    private static final String USER = "bob@localhost";
    private static final String PASSWORD = "Wh1sper-0f-Secrets";

    @TempDir
    Path dir;

    private GreenMail greenMail;
    private FakeAuthServer auth;
    private PosternFixture postern;

    @BeforeEach
    void start() throws Exception {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        greenMail.start();
        greenMail.setUser(USER, USER, PASSWORD);
        int imapPort = greenMail.getImap().getPort();
        auth = new FakeAuthServer().respond(request -> request.contains("\r\nAuth-Pass: " + PASSWORD + "\r\n")
                ? Reply.keep("HTTP/1.1 200 OK\r\nAuth-Status: OK\r\nAuth-Server: 127.0.0.1\r\nAuth-Port: " + imapPort
                        + "\r\nContent-Length: 0\r\n\r\n")
                : Reply.keep("HTTP/1.1 200 OK\r\nAuth-Status: Invalid login or password\r\nContent-Length: 0\r\n\r\n"));
        postern = PosternFixture.start(dir, """
                mail {
                  servers { imap { protocol = imap, listen = "127.0.0.1:0" } }
                  imap_auth = [plain, login]
                  auth_http = "%s"
                  auth_http_header { X-Auth-Key = "k3y" }
                }
                """.formatted(auth.url()), LoadedModule.inProcess(new AuthModule(),
                new ModuleDescriptor("auth", "test", SpiVersion.current(), "test")));
    }

    @AfterEach
    void stop() throws Exception {
        postern.close();
        auth.close();
        greenMail.stop();
    }

    @Test
    void imapLoginThroughPosternReachesTheUpstreamNamedByTheAuthServer() throws Exception {
        try (ScriptClient client = new ScriptClient(postern.address())) {
            client.run("""
                    S: \\* OK .*
                    C: a1 LOGIN %s %s
                    S: a1 OK .*
                    C: a2 SELECT INBOX
                    S: \\* .*
                    """.formatted(USER, PASSWORD));
        }
        assertThat(auth.requests().get(0)).isEqualTo("GET /mail/auth HTTP/1.0\r\nHost: 127.0.0.1\r\n"
                + "Auth-Method: plain\r\nAuth-User: " + USER + "\r\nAuth-Pass: " + PASSWORD + "\r\n"
                + "Auth-Protocol: imap\r\nAuth-Login-Attempt: 1\r\nClient-IP: 127.0.0.1\r\nX-Auth-Key: k3y\r\n\r\n");
    }

    @Test
    void aWrongPasswordGetsTheAuthServersText() throws Exception {
        try (ScriptClient client = new ScriptClient(postern.address())) {
            client.run("""
                    S: \\* OK .*
                    C: a1 LOGIN bob@localhost wrong
                    S: a1 NO Invalid login or password
                    """);
        }
    }

    @Test
    void noLogLineOfAFullSessionContainsThePassword() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level level = root.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(context);
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.DEBUG); // debug lines leak secrets more often than info lines
        try {
            try (ScriptClient client = new ScriptClient(postern.address())) {
                client.run("""
                        S: \\* OK .*
                        C: a1 LOGIN %s wrong-%s
                        S: a1 NO .*
                        """.formatted(USER, PASSWORD));
            }
            try (ScriptClient client = new ScriptClient(postern.address())) {
                client.run("""
                        S: \\* OK .*
                        C: a1 LOGIN %s %s
                        S: a1 OK .*
                        C: a2 LOGOUT
                        S: \\* BYE.*
                        S: a2 OK .*
                        """.formatted(USER, PASSWORD));
            }
            Thread.sleep(300); // let the session-end log lines arrive
        } finally {
            root.detachAppender(appender);
            root.setLevel(level);
        }
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : appender.list) {
            if (event.getLoggerName().startsWith("com.icegreen")) {
                continue; // the test's upstream server, which logs its IMAP traffic at debug level
            }
            lines.add(event.getLoggerName() + " " + event.getFormattedMessage() + " " + event.getMDCPropertyMap() + " " + throwable(event.getThrowableProxy()));
        }
        assertThat(lines).as("captured log lines").isNotEmpty();
        assertThat(lines).noneMatch(line -> line.contains(PASSWORD));
    }

    private static String throwable(IThrowableProxy proxy) {
        StringBuilder sb = new StringBuilder();
        for (IThrowableProxy p = proxy; p != null; p = p.getCause()) {
            sb.append(p.getClassName()).append(": ").append(p.getMessage()).append(' ');
        }
        return sb.toString();
    }
}
