package io.postern.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.AuthDecision;
import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.filter.Direction;
import io.postern.spi.imap.ImapCommand;
import io.postern.spi.imap.ImapFilter;
import io.postern.spi.imap.ImapResponse;
import io.postern.testing.ImapFilterModule;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real IMAP client (Angus Mail, or a script) through Postern with a post-login filter that
 * refuses {@code DELETE INBOX}, to an embedded GreenMail: the framed relay carries a whole
 * session, the filter's answer reaches the client in order, IDLE works.
 */
class FilteredImapEndToEndTest {

    @TempDir
    Path dir;

    private final List<String> verbs = new CopyOnWriteArrayList<>();
    private final AtomicLong streamedFromClient = new AtomicLong();
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
                        AuthDecision.acceptedTo(upstream.address()))),
                ImapFilterModule.of(DenyDeleteOfInbox::new));
    }

    @AfterEach
    void stop() {
        postern.close();
        upstream.close();
    }

    /** Refuses DELETE INBOX; records the verbs it sees and counts the client's streamed bytes. */
    private final class DenyDeleteOfInbox implements ImapFilter {
        @Override
        public CommandVerdict<ImapCommand, ImapResponse> onCommand(ImapCommand command) {
            verbs.add(command.verb());
            if (command.verb().equals("DELETE") && command.args().get(0).string().orElse("").equalsIgnoreCase("INBOX")) {
                return CommandVerdict.answer(ImapResponse.Tagged.no(command.tag(), "INBOX cannot be deleted here"));
            }
            return CommandVerdict.pass();
        }

        @Override
        public void onStreamedData(Direction direction, ByteBuffer chunk) {
            if (direction == Direction.FROM_CLIENT) {
                streamedFromClient.addAndGet(chunk.remaining());
            }
        }
    }

    @Test
    void theFiltersRefusalReachesTheClientInOrderWithThePipelinedReplies() throws Exception {
        try (ScriptClient client = new ScriptClient(postern.address())) {
            client.run("""
                    S: \\* OK .*
                    C: a0 LOGIN bob@localhost s3cr3t-Pa55
                    S: a0 OK .*
                    C| a1 NOOP
                    C| a2 DELETE INBOX
                    C: a3 SELECT INBOX
                    S: a1 OK .*
                    S: a2 NO INBOX cannot be deleted here
                    S: \\* .*
                    """);
            String line;
            do {
                line = client.readLine();
            } while (line != null && line.startsWith("* "));
            assertThat(line).startsWith("a3 OK");
            client.run("""
                    C: a4 STARTTLS
                    S: a4 BAD .*
                    C: a5 LOGOUT
                    S: \\* BYE .*
                    S: a5 OK .*
                    """);
        }
        assertThat(verbs).containsSubsequence("NOOP", "DELETE", "SELECT", "LOGOUT");
    }

    @Test
    void commandsPipelinedBehindTheLoginReachTheFilterAndWaitForTheirLiteral() throws Exception {
        try (ScriptClient client = new ScriptClient(postern.address())) {
            client.run("S: \\* OK .*");
            client.send("a0 LOGIN bob@localhost s3cr3t-Pa55\r\na1 DELETE INBOX\r\na2 APPEND INBOX {9000+}\r\n"
                    + "Subject: pipelined\r\n\r\n" + "x".repeat(9000 - 23) + "\r\n");
            client.run("""
                    S: a0 OK .*
                    S: a1 NO INBOX cannot be deleted here
                    S: a2 OK .*
                    C: a3 LOGOUT
                    S: \\* BYE .*
                    S: a3 OK .*
                    """);
        }
        assertThat(verbs).containsSubsequence("DELETE", "APPEND", "LOGOUT");
        assertThat(streamedFromClient.get()).isEqualTo(9000);
        assertThat(upstream.greenMail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void angusMailWorksThroughTheFilterAppendingAndFetchingALargeMessage() throws Exception {
        Store store = connect();
        try {
            assertThat(Arrays.stream(store.getDefaultFolder().list("*")).map(Folder::getFullName)).contains("INBOX");
            assertThat(store.getFolder("INBOX").delete(false)).as("DELETE INBOX refused").isFalse();
            assertThat(store.getFolder("INBOX").exists()).isTrue();

            byte[] body = new byte[3 * 1024 * 1024];
            new Random(7).nextBytes(body);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            inbox.appendMessages(new Message[] {message(body)});
            assertThat(inbox.getMessageCount()).isEqualTo(1);
            try (InputStream in = inbox.getMessage(1).getInputStream()) {
                assertThat(in.readAllBytes()).isEqualTo(body);
            }
            inbox.close(false);
        } finally {
            store.close();
        }
        assertThat(streamedFromClient.get()).as("the APPEND literal streamed past the filter")
                .isGreaterThan(3L * 1024 * 1024);
    }

    @Test
    void idleSeesAMessageDeliveredWhileIdlingAndDoneEndsIt() throws Exception {
        Store store = connect();
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
        assertThat(verbs).contains("IDLE").doesNotContain("DONE");
    }

    private Store connect() throws Exception {
        InetSocketAddress address = postern.address();
        Properties props = new Properties();
        props.setProperty("mail.imap.host", address.getHostString());
        props.setProperty("mail.imap.port", String.valueOf(address.getPort()));
        props.setProperty("mail.imap.connectiontimeout", "10000");
        props.setProperty("mail.imap.timeout", "20000");
        Store store = Session.getInstance(props).getStore("imap");
        store.connect(GreenMailUpstream.USER, GreenMailUpstream.PASSWORD);
        return store;
    }

    private static MimeMessage message(byte[] body) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress("alice@example.com"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(GreenMailUpstream.USER));
        message.setSubject("through the filter");
        message.setContent(body, "application/octet-stream");
        message.saveChanges();
        return message;
    }
}
