package io.postern.pop3;

import static io.postern.pop3.Pop3Postern.b64;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.postern.testing.ScriptClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** STYLE.md's secrets rule: no password or AUTH payload in any log line of whole sessions. */
class Pop3SecretsInLogsTest {

    private static final String WRONG_PASSWORD = "wr0ng-Pa55-only-the-client-knows";

    @TempDir
    Path dir;

    private final Pop3Postern postern = new Pop3Postern();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger posternLogger = (Logger) LoggerFactory.getLogger("io.postern");
    private Level posternLevel;

    @BeforeEach
    void capture() {
        posternLevel = posternLogger.getLevel();
        posternLogger.setLevel(Level.DEBUG); // the engine's debug lines too
        appender.start();
        root.addAppender(appender);
    }

    @AfterEach
    void stop() {
        root.detachAppender(appender);
        posternLogger.setLevel(posternLevel);
        postern.close();
        postern.stopUpstream();
    }

    @Test
    void neverLogsPasswordsOrSaslPayloads() throws Exception {
        postern.start(dir, "pop3_auth = [plain, apop, cram-md5]\nproxy_pass_error_message = on", postern.auth(true));
        String user = Pop3GreenMail.USER;
        String password = Pop3GreenMail.PASSWORD;
        try (ScriptClient c = postern.client()) {
            c.run("""
                    S: .*
                    C: USER %1$s
                    S: \\+OK
                    C: PASS %3$s
                    S: -ERR .*
                    C: AUTH PLAIN %4$s
                    S: -ERR .*
                    C: AUTH LOGIN %5$s
                    S: \\+ UGFzc3dvcmQ6
                    C: %6$s
                    S: \\+OK.*
                    C: STAT
                    S: \\+OK.*
                    C: QUIT
                    S: \\+OK.*
                    S: <closed>
                    """.formatted(user, password, WRONG_PASSWORD, b64("\0" + user + "\0" + WRONG_PASSWORD),
                    b64(user), b64(password)));
        }
        postern.close(); // the session's last lines are written by now

        List<String> logged = new ArrayList<>();
        for (ILoggingEvent event : appender.list) {
            logged.add(event.getFormattedMessage() + " " + event.getMDCPropertyMap()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy())));
        }
        assertThat(logged).anySatisfy(line -> assertThat(line).contains("logged in").contains(user));
        for (String secret : List.of(password, WRONG_PASSWORD, b64(password), b64("\0" + user + "\0" + WRONG_PASSWORD))) {
            assertThat(logged).noneSatisfy(line -> assertThat(line).contains(secret));
        }
    }
}
