package io.postern.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.postern.spi.AuthDecision;
import io.postern.spi.Authenticator;
import io.postern.spi.Credentials;
import io.postern.spi.Protocol;
import io.postern.spi.UpstreamAddress;
import io.postern.testing.PosternFixture;
import io.postern.testing.StaticAuthModule;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.commons.net.pop3.POP3Client;
import org.apache.commons.net.pop3.POP3MessageInfo;
import org.apache.commons.net.smtp.AuthenticatingSMTPClient;
import org.apache.commons.net.smtp.SMTPReply;
import org.apache.commons.net.smtp.SimpleSMTPHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real clients (Angus Mail's SMTP, POP3 and IMAP providers, and commons-net) through Postern's
 * three protocols to one embedded GreenMail: mail sent with AUTH through Postern is read back
 * through Postern, and an unauthenticated {@code smtp_auth none} relay is allowed or denied by
 * the AUTH phase.
 */
class RealClientsEndToEndTest {

    private static final String USER = "bob@localhost";
    private static final String PASSWORD = "s3cr3t-Pa55";

    @TempDir
    Path dir;

    private GreenMail greenMail;
    private PosternFixture postern;

    @BeforeEach
    void start() throws Exception {
        greenMail = new GreenMail(new ServerSetup[] {
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)});
        greenMail.start();
        greenMail.setUser(USER, USER, PASSWORD);
        postern = PosternFixture.start(dir, """
                mail {
                  server_name = postern.test
                  xclient = off
                  servers {
                    imap { protocol = imap, listen = "127.0.0.1:0" }
                    pop3 { protocol = pop3, listen = "127.0.0.1:0" }
                    smtp { protocol = smtp, listen = "127.0.0.1:0", smtp_auth = [plain, login, none] }
                  }
                }
                """, StaticAuthModule.of(byProtocol()));
    }

    @AfterEach
    void stop() {
        postern.close();
        greenMail.stop();
    }

    /** The user's mailbox for each protocol; none-mode relays only to this domain. */
    private Authenticator byProtocol() {
        return request -> {
            Protocol protocol = request.session().protocol();
            UpstreamAddress upstream = new UpstreamAddress("127.0.0.1", switch (protocol) {
                case IMAP -> greenMail.getImap().getPort();
                case POP3 -> greenMail.getPop3().getPort();
                case SMTP -> greenMail.getSmtp().getPort();
            });
            Credentials credentials = request.credentials();
            if (credentials instanceof Credentials.None none) {
                return StaticAuthModule.answer(none.rcptTo().contains("@localhost>")
                        ? AuthDecision.acceptedTo(upstream)
                        // A refused recipient, not a refused session: the client may go on (retry after 0s).
                        : new AuthDecision.Rejected("Relay access denied", Optional.of(java.time.Duration.ZERO),
                                Optional.of("554 5.7.1")));
            }
            if (credentials instanceof Credentials.Plain plain && plain.user().equals(USER)
                    && plain.password().equals(PASSWORD)) {
                return StaticAuthModule.answer(AuthDecision.acceptedTo(upstream));
            }
            return StaticAuthModule.answer(AuthDecision.rejected("Authentication failed"));
        };
    }

    private InetSocketAddress address(int server) {
        return postern.address(server);
    }

    @Test
    void angusMailSendsWithAuthAndReadsBackOverPop3AndImap() throws Exception {
        Properties props = new Properties();
        props.setProperty("mail.smtp.host", address(2).getHostString());
        props.setProperty("mail.smtp.port", String.valueOf(address(2).getPort()));
        props.setProperty("mail.smtp.auth", "true");
        props.setProperty("mail.pop3.host", address(1).getHostString());
        props.setProperty("mail.pop3.port", String.valueOf(address(1).getPort()));
        props.setProperty("mail.imap.host", address(0).getHostString());
        props.setProperty("mail.imap.port", String.valueOf(address(0).getPort()));
        Session session = Session.getInstance(props);
        Transport.send(message(session, USER, "through postern", "hello over SMTP\r\n.a line with a dot"),
                USER, PASSWORD);

        Store pop3 = session.getStore("pop3");
        pop3.connect(USER, PASSWORD);
        try {
            Folder inbox = pop3.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.getMessageCount()).isEqualTo(1);
            Message read = inbox.getMessage(1);
            assertThat(read.getSubject()).isEqualTo("through postern");
            assertThat(read.getContent().toString()).contains("hello over SMTP").contains(".a line with a dot");
            inbox.close(false);
        } finally {
            pop3.close();
        }

        Store imap = session.getStore("imap");
        imap.connect(USER, PASSWORD);
        try {
            Folder inbox = imap.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.getMessage(1).getSubject()).isEqualTo("through postern");
            inbox.close(false);
        } finally {
            imap.close();
        }
    }

    @Test
    void commonsNetSendsWithAuthLoginAndRetrievesAndDeletesOverPop3() throws Exception {
        AuthenticatingSMTPClient smtp = new AuthenticatingSMTPClient();
        smtp.setDefaultTimeout(10_000);
        smtp.connect(address(2).getHostString(), address(2).getPort());
        try {
            assertThat(SMTPReply.isPositiveCompletion(smtp.getReplyCode())).isTrue();
            assertThat(smtp.elogin("client.example")).isTrue();
            assertThat(smtp.auth(AuthenticatingSMTPClient.AUTH_METHOD.LOGIN, USER, PASSWORD)).isTrue();
            assertThat(smtp.setSender("alice@localhost")).isTrue();
            assertThat(smtp.addRecipient(USER)).isTrue();
            String body = new SimpleSMTPHeader("alice@localhost", USER, "from commons-net") + "sent by commons-net\r\n";
            assertThat(smtp.sendShortMessageData(body)).isTrue();
            smtp.logout();
        } finally {
            smtp.disconnect();
        }

        POP3Client pop3 = new POP3Client();
        pop3.setDefaultTimeout(10_000);
        pop3.connect(address(1).getHostString(), address(1).getPort());
        try {
            assertThat(pop3.login(USER, PASSWORD)).isTrue();
            POP3MessageInfo status = pop3.status();
            assertThat(status.number).isEqualTo(1);
            try (Reader reader = pop3.retrieveMessage(1)) {
                String text = new BufferedReader(reader).lines().collect(Collectors.joining("\n"));
                assertThat(text).contains("Subject: from commons-net").contains("sent by commons-net");
            }
            assertThat(pop3.deleteMessage(1)).isTrue();
            assertThat(pop3.logout()).isTrue();
        } finally {
            pop3.disconnect();
        }
        // The DELE reached the upstream: its QUIT expunged the message.
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void anUnauthenticatedRelayIsAllowedOrDeniedByTheAuthPhase() throws Exception {
        Properties props = new Properties();
        props.setProperty("mail.smtp.host", address(2).getHostString());
        props.setProperty("mail.smtp.port", String.valueOf(address(2).getPort()));
        Session session = Session.getInstance(props);

        Transport.send(message(session, USER, "relayed without auth", "allowed"));
        assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
        assertThat(greenMail.getReceivedMessages()[0].getSubject()).isEqualTo("relayed without auth");

        assertThatThrownBy(() -> Transport.send(message(session, "someone@example.com", "denied", "denied")))
                .isInstanceOf(SendFailedException.class)
                .hasStackTraceContaining("554 5.7.1 Relay access denied");
    }

    private static MimeMessage message(Session session, String to, String subject, String text) throws Exception {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("alice@localhost"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        message.setText(text);
        return message;
    }
}
