package io.postern.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The embedded GreenMail server, driven through the module's life cycle and real mail clients. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SandboxModuleTest {

    private static final String PASSWORD = "s3cr3t-Pa55";

    private final int[] ports = FreePorts.take(3);
    private final SandboxModule module = new SandboxModule();

    @AfterEach
    void close() {
        module.close();
    }

    private void configureAndStart(String users) {
        module.configure(new TestModuleContext(TestServerConfig.mail(
                FreePorts.sandboxOn(ports, "sandbox_users = " + users))));
        module.start();
    }

    @Test
    void registersItsAuthenticatorUnlessAnotherModuleAuthenticates() {
        TestModuleContext authenticating = new TestModuleContext(TestServerConfig.mail(
                FreePorts.sandboxOn(ports, "")));
        new SandboxModule().configure(authenticating);
        assertThat(authenticating.authenticators).containsOnlyKeys("sandbox");

        TestModuleContext upstreamOnly = new TestModuleContext(TestServerConfig.mail(
                FreePorts.sandboxOn(ports, "sandbox_authenticate = off")));
        new SandboxModule().configure(upstreamOnly);
        assertThat(upstreamOnly.authenticators).isEmpty();
    }

    @Test
    void demoUserLogsInToTheEmbeddedImapServer() throws Exception {
        configureAndStart("[\"demo@localhost:demo\"]");

        try (Store store = session().getStore("imap")) {
            store.connect("127.0.0.1", ports[0], "demo@localhost", "demo");
            final Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.getMessageCount()).isZero();
            inbox.close(false);
        }
    }

    @Test
    void mailSentOverSmtpArrivesOverImapAndPop3() throws Exception {
        configureAndStart("[\"demo@localhost:demo\", \"alice:" + PASSWORD + "\"]");
        final Session session = session();
        final MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("demo@localhost"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("alice@localhost"));
        message.setSubject("hello from the sandbox");
        message.setText("hello");

        try (Transport transport = session.getTransport("smtp")) {
            transport.connect("127.0.0.1", ports[2], null, null);
            transport.sendMessage(message, message.getAllRecipients());
        }

        try (Store store = session.getStore("imap")) {
            store.connect("127.0.0.1", ports[0], "alice", PASSWORD);
            final Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.getMessages()).extracting(Message::getSubject).containsExactly("hello from the sandbox");
            inbox.close(false);
        }
        try (Store store = session.getStore("pop3")) {
            store.connect("127.0.0.1", ports[1], "alice", PASSWORD);
            final Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.getMessageCount()).isEqualTo(1);
            inbox.close(false);
        }
    }

    @Test
    void embeddedServerRefusesAWrongPassword() {
        configureAndStart("[\"demo@localhost:demo\"]");

        assertThatThrownBy(() -> {
            try (Store store = session().getStore("imap")) {
                store.connect("127.0.0.1", ports[0], "demo@localhost", "not-demo");
            }
        }).isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void logsOneLinePerServerWithItsAddressAndNoPassword() {
        try (CapturedLogs logs = new CapturedLogs(org.slf4j.Logger.ROOT_LOGGER_NAME)) {
            configureAndStart("[\"alice:" + PASSWORD + "\"]");
            loginOverImap("alice", PASSWORD);
            module.close();

            assertThat(logs.lines()).filteredOn(line -> line.startsWith("INFO io.postern.sandbox"))
                    .containsExactly(
                            "INFO io.postern.sandbox.EmbeddedMailServer sandbox: IMAP server listening on 127.0.0.1:"
                                    + ports[0] + " for alice",
                            "INFO io.postern.sandbox.EmbeddedMailServer sandbox: POP3 server listening on 127.0.0.1:"
                                    + ports[1] + " for alice",
                            "INFO io.postern.sandbox.EmbeddedMailServer sandbox: SMTP server listening on 127.0.0.1:"
                                    + ports[2] + " for alice",
                            "INFO io.postern.sandbox.EmbeddedMailServer sandbox: GreenMail stopped");
            // GreenMail's own lines included, at every level: the whole session, login and all.
            assertThat(String.join("\n", logs.lines())).doesNotContain(PASSWORD);
        }
    }

    @Test
    void closeStopsEveryServer() {
        configureAndStart("[\"demo@localhost:demo\"]");
        assertThat(module.running()).isTrue();

        module.close();

        assertThat(module.running()).isFalse();
        for (int port : ports) {
            assertThatThrownBy(() -> connect(port)).as("port %d", port).isInstanceOf(ConnectException.class);
        }
        module.close(); // a second close is harmless
    }

    @Test
    void refusesToStartWhenAPortIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", ports[1]));
            module.configure(new TestModuleContext(TestServerConfig.mail(FreePorts.sandboxOn(ports, ""))));

            assertThatThrownBy(module::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("sandbox: bind() to 127.0.0.1:" + ports[1] + " failed (Address already in use): free the "
                            + "port, choose another with sandbox_pop3_port, or set sandbox = off");
            assertThat(module.running()).isFalse();
        }
        // Nothing was left bound: the IMAP port is free again.
        assertThatThrownBy(() -> connect(ports[0])).isInstanceOf(ConnectException.class);
    }

    @Test
    void aReloadKeepsTheRunningServerAndItsUsers() throws Exception {
        configureAndStart("[\"demo@localhost:demo\"]");

        TestModuleContext reloaded = new TestModuleContext(TestServerConfig.mail(
                FreePorts.sandboxOn(ports, "sandbox_users = [\"demo@localhost:demo\"], sandbox_authenticate = off")));
        module.reconfigure(reloaded).orElseThrow().commit();

        assertThat(reloaded.authenticators).isEmpty();
        assertThat(module.running()).isTrue();
        loginOverImap("demo@localhost", "demo");
    }

    @Test
    void refusesAReloadThatChangesTheUsersAndKeepsRunning() {
        configureAndStart("[\"demo@localhost:demo\"]");

        assertThatThrownBy(() -> module.reconfigure(new TestModuleContext(TestServerConfig.mail(
                FreePorts.sandboxOn(ports, "sandbox_users = [\"other@localhost:other\"]")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sandbox_users");
        assertThat(module.running()).isTrue();
        loginOverImap("demo@localhost", "demo");
    }

    private void loginOverImap(String user, String password) {
        try (Store store = session().getStore("imap")) {
            store.connect("127.0.0.1", ports[0], user, password);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void connect(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) Duration.ofSeconds(5).toMillis());
        }
    }

    private static Session session() {
        final Properties properties = new Properties();
        for (String protocol : new String[] {"imap", "pop3", "smtp"}) {
            properties.setProperty("mail." + protocol + ".connectiontimeout", "10000");
            properties.setProperty("mail." + protocol + ".timeout", "10000");
        }
        return Session.getInstance(properties);
    }
}
