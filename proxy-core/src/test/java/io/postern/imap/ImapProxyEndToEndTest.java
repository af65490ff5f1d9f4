package io.postern.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.AuthDecision;
import io.postern.testing.PosternFixture;
import io.postern.testing.StaticAuthModule;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real IMAP client (Angus Mail) through Postern to an embedded GreenMail server, the
 * upstream chosen by a module's authenticator.
 */
class ImapProxyEndToEndTest {

    @TempDir
    Path dir;

    private GreenMailUpstream upstream;
    private PosternFixture postern;

    @BeforeEach
    void start() throws Exception {
        upstream = new GreenMailUpstream();
        postern = PosternFixture.start(dir, """
                mail {
                  servers { imap { protocol = imap, listen = "127.0.0.1:0" } }
                  imap_auth = [plain, login]
                }
                """, StaticAuthModule.of(StaticAuthModule.users(
                Map.of(GreenMailUpstream.USER, GreenMailUpstream.PASSWORD),
                AuthDecision.acceptedTo(upstream.address()))));
    }

    @AfterEach
    void stop() {
        postern.close();
        upstream.close();
    }

    @ParameterizedTest(name = "login with {0}")
    @ValueSource(strings = {"AUTHENTICATE PLAIN", "LOGIN command"})
    void clientLogsInListsFoldersAppendsAndFetchesALargeMessage(String how) throws Exception {
        Store store = connect(how.equals("LOGIN command"));
        try {
            Folder[] folders = store.getDefaultFolder().list("*");
            assertThat(Arrays.stream(folders).map(Folder::getFullName)).contains("INBOX");

            byte[] attachment = new byte[5 * 1024 * 1024];
            new Random(42).nextBytes(attachment);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            inbox.appendMessages(new Message[] {message(attachment)});
            assertThat(inbox.getMessageCount()).isEqualTo(1);

            MimeMultipart fetched = (MimeMultipart) inbox.getMessage(1).getContent();
            try (InputStream in = fetched.getBodyPart(1).getInputStream()) {
                assertThat(in.readAllBytes()).isEqualTo(attachment);
            }
            inbox.getMessage(1).setFlag(Flags.Flag.DELETED, true);
            inbox.close(true);
        } finally {
            store.close();
        }
    }

    @Test
    void idleSeesAMessageDeliveredWhileIdling() throws Exception {
        Store store = connect(false);
        try {
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            CountDownLatch arrived = new CountDownLatch(1);
            inbox.addMessageCountListener(new MessageCountAdapter() {
                @Override
                public void messagesAdded(MessageCountEvent e) {
                    arrived.countDown();
                }
            });
            CompletableFuture<Void> idling = CompletableFuture.runAsync(() -> {
                try {
                    inbox.idle(true);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300); // let IDLE reach the server before the delivery
            upstream.user.deliver(message("hello while idle".getBytes()));
            assertThat(arrived.await(10, TimeUnit.SECONDS)).as("EXISTS reached the idling client").isTrue();
            idling.get(10, TimeUnit.SECONDS);
            assertThat(inbox.getMessageCount()).isEqualTo(1);
            inbox.close(false);
        } finally {
            store.close();
        }
    }

    private Store connect(boolean loginCommand) throws Exception {
        InetSocketAddress address = postern.address();
        Properties props = new Properties();
        props.setProperty("mail.imap.host", address.getHostString());
        props.setProperty("mail.imap.port", String.valueOf(address.getPort()));
        props.setProperty("mail.imap.connectiontimeout", "10000");
        props.setProperty("mail.imap.timeout", "20000");
        if (loginCommand) {
            props.setProperty("mail.imap.auth.plain.disable", "true");
            props.setProperty("mail.imap.auth.login.disable", "true");
        }
        Store store = Session.getInstance(props).getStore("imap");
        store.connect(GreenMailUpstream.USER, GreenMailUpstream.PASSWORD);
        return store;
    }

    private static MimeMessage message(byte[] attachment) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress("alice@example.com"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(GreenMailUpstream.USER));
        message.setSubject("through postern");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("see attachment");
        MimeBodyPart binary = new MimeBodyPart();
        binary.setContent(attachment, "application/octet-stream");
        binary.setFileName("data.bin");
        MimeMultipart multipart = new MimeMultipart(text, binary);
        message.setContent(multipart);
        message.saveChanges();
        ByteArrayOutputStream unused = new ByteArrayOutputStream();
        message.writeTo(unused);
        return message;
    }
}
