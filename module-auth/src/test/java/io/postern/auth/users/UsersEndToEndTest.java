package io.postern.auth.users;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.postern.auth.AuthModule;
import io.postern.auth.testkit.LogCapture;
import io.postern.module.LoadedModule;
import io.postern.module.ModuleDescriptor;
import io.postern.spi.SpiVersion;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Postern in-process with module-auth as a whole (throttle, cache and users all on), a users
 * file routing bob to an embedded GreenMail IMAP server.
 */
class UsersEndToEndTest {

    private static final String USER = "bob@localhost";
    private static final String PASSWORD = "s3cr3t-Pa55-e2e";

    @TempDir
    Path dir;

    private GreenMail greenMail;
    private PosternFixture postern;

    @BeforeEach
    void start() throws Exception {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        greenMail.start();
        greenMail.setUser(USER, USER, PASSWORD);
        Files.writeString(dir.resolve("users"), "# test users\n" + USER + ":{SHA512-CRYPT}"
                + PasswdTool.hash("SHA512-CRYPT", PASSWORD) + ":127.0.0.1:" + greenMail.getImap().getPort() + "\n");
    }

    @AfterEach
    void stop() {
        if (postern != null) {
            postern.close();
        }
        greenMail.stop();
    }

    private ScriptClient startPostern() throws Exception {
        postern = PosternFixture.start(dir, """
                mail {
                  auth_users = users
                  auth_throttle = on
                  auth_cache_ttl = 1m
                  auth_cache_negative_ttl = 10s
                  servers { imap { protocol = imap, listen = "127.0.0.1:0" } }
                }
                """, LoadedModule.inProcess(new AuthModule(),
                new ModuleDescriptor("auth", "test", SpiVersion.current(), "test")));
        return new ScriptClient(postern.address());
    }

    @Test
    void logsInThroughTheUsersFileAfterAWrongPasswordWithoutEverLoggingIt() throws Exception {
        try (LogCapture log = new LogCapture(Level.DEBUG)) {
            try (ScriptClient c = startPostern()) {
                c.run("""
                        S: \\* OK IMAP4 ready
                        C: a1 LOGIN bob@localhost wrong-Pa55
                        S: a1 NO Authentication failed
                        C: a2 LOGIN bob@localhost s3cr3t-Pa55-e2e
                        S: a2 OK .*
                        C: a3 SELECT INBOX
                        S: \\* .*
                        """);
            }
            try (ScriptClient c = new ScriptClient(postern.address())) {
                c.run("""
                        S: \\* OK IMAP4 ready
                        C: b1 LOGIN "bob@localhost" "s3cr3t-Pa55-e2e"
                        S: b1 OK .*
                        C: b2 LOGOUT
                        S: \\* BYE.*
                        """);
            }
            postern.close();
            postern = null;

            // GreenMail, the stand-in upstream, logs its whole dialogue at DEBUG: it is not Postern.
            List<String> postern = log.lines().stream().filter(l -> !l.contains(" com.icegreen.")).toList();
            assertThat(postern).anyMatch(l -> l.contains("login refused")).anyMatch(l -> l.contains("logged in"));
            assertThat(String.join("\n", postern)).doesNotContain("s3cr3t").doesNotContain("wrong-Pa55");
        }
    }

    /** User enumeration: a wrong password and an unknown login get the same bytes, in every protocol. */
    @ParameterizedTest
    @ValueSource(strings = {"imap", "pop3", "smtp"})
    void answersAWrongPasswordAndAnUnknownLoginWithTheSameBytes(String protocol) throws Exception {
        postern = PosternFixture.start(dir, """
                mail {
                  auth_users = users
                  servers {
                    imap { protocol = imap, listen = "127.0.0.1:0" }
                    pop3 { protocol = pop3, listen = "127.0.0.1:0" }
                    smtp { protocol = smtp, listen = "127.0.0.1:0" }
                  }
                }
                """, LoadedModule.inProcess(new AuthModule(),
                new ModuleDescriptor("auth", "test", SpiVersion.current(), "test")));
        int server = List.of("imap", "pop3", "smtp").indexOf(protocol);

        String wrongPassword = refusal(server, protocol, USER);
        String unknownLogin = refusal(server, protocol, "mallory@localhost");

        assertThat(wrongPassword).contains("Authentication failed");
        assertThat(unknownLogin).isEqualTo(wrongPassword);
    }

    /** The server's answer to one failed login with a wrong password for {@code login}. */
    private String refusal(int server, String protocol, String login) throws Exception {
        try (ScriptClient c = new ScriptClient(postern.address(server))) {
            c.readLine(); // the greeting
            switch (protocol) {
                case "imap" -> c.send("a1 LOGIN " + login + " wrong-Pa55\r\n");
                case "pop3" -> {
                    c.send("USER " + login + "\r\n");
                    c.readLine();
                    c.send("PASS wrong-Pa55\r\n");
                }
                default -> {
                    c.run("""
                            C: EHLO client.example
                            S: 250-.*
                            S: 250 AUTH PLAIN LOGIN
                            """);
                    byte[] plain = ("\0" + login + "\0wrong-Pa55").getBytes(StandardCharsets.UTF_8);
                    c.send("AUTH PLAIN " + Base64.getEncoder().encodeToString(plain) + "\r\n");
                }
            }
            return c.readLine();
        }
    }

    /**
     * Throttling is on without a word in the config: an attacker at 127.0.0.1 exhausts bob's
     * lockout (lowered to 2 failures to keep the test short) and is refused, while bob's own
     * password from 127.0.1.1, another /24 of the loopback network, still logs in.
     */
    @Test
    void throttlesByDefaultWithoutLockingTheUserOutOfAnotherNetwork() throws Exception {
        postern = PosternFixture.start(dir, """
                mail {
                  auth_users = users
                  auth_throttle_lockout_after = 2
                  servers { imap { protocol = imap, listen = "127.0.0.1:0" } }
                }
                """, LoadedModule.inProcess(new AuthModule(),
                new ModuleDescriptor("auth", "test", SpiVersion.current(), "test")));
        try (ScriptClient attacker = new ScriptClient(postern.address())) {
            attacker.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 LOGIN bob@localhost guess-1
                    S: a1 NO Authentication failed
                    C: a2 LOGIN bob@localhost guess-2
                    S: a2 NO Authentication failed
                    C: a3 LOGIN bob@localhost s3cr3t-Pa55-e2e
                    S: a3 NO Too many failed logins, try later
                    S: <closed>
                    """);
        }
        Socket fromElsewhere = new Socket();
        fromElsewhere.bind(new InetSocketAddress("127.0.1.1", 0));
        fromElsewhere.connect(postern.address(), 10_000);
        try (ScriptClient bob = new ScriptClient(fromElsewhere)) {
            bob.run("""
                    S: \\* OK IMAP4 ready
                    C: b1 LOGIN bob@localhost s3cr3t-Pa55-e2e
                    S: b1 OK .*
                    C: b2 LOGOUT
                    S: \\* BYE.*
                    """);
        }
    }

    @Test
    void refusesUnknownUsersSoTheyMayRetry() throws Exception {
        try (ScriptClient c = startPostern()) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 LOGIN mallory@localhost s3cr3t-Pa55-e2e
                    S: a1 NO Authentication failed
                    C: a2 LOGIN bob@localhost s3cr3t-Pa55-e2e
                    S: a2 OK .*
                    """);
        }
    }

    @Test
    void picksUpAChangedUsersFile() throws Exception {
        try (ScriptClient c = startPostern()) {
            Files.writeString(dir.resolve("users"), "# bob moved out\nalice:{PLAIN}x\n");
            Thread.sleep(UsersFeature.POLL_INTERVAL.toMillis() * 2 + 500);
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 LOGIN bob@localhost s3cr3t-Pa55-e2e
                    S: a1 NO Authentication failed
                    """);
        }
    }
}
