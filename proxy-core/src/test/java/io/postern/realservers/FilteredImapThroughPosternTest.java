package io.postern.realservers;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.filter.Direction;
import io.postern.spi.filter.ResponseVerdict;
import io.postern.spi.imap.ImapCommand;
import io.postern.spi.imap.ImapFilter;
import io.postern.spi.imap.ImapResponse;
import io.postern.testing.ImapFilterModule;
import io.postern.testing.ScriptClient;
import io.postern.testing.upstreams.MailServers;
import io.postern.testing.upstreams.MailUser;
import io.postern.testing.upstreams.RealMailServers;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The framed relay in front of a real Dovecot, through an identity filter that only watches:
 * APPEND with literals (synchronizing, and Dovecot's LITERAL+), FETCH of a body, IDLE with a
 * delivery by Postfix.
 */
@RealMailServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilteredImapThroughPosternTest {

    private final MailServers servers;
    private final List<String> verbs = new CopyOnWriteArrayList<>();
    private final AtomicLong streamed = new AtomicLong();
    private final AtomicLong responses = new AtomicLong();
    private PosternInFront postern;

    FilteredImapThroughPosternTest(MailServers servers) {
        this.servers = servers;
    }

    @BeforeAll
    void startPostern(@TempDir Path dir) throws Exception {
        postern = PosternInFront.start(dir, servers, "", ImapFilterModule.of(Watcher::new));
    }

    @AfterAll
    void stopPostern() {
        if (postern != null) {
            postern.close();
        }
    }

    /** Lets everything through, recording what it was shown. */
    private final class Watcher implements ImapFilter {
        @Override
        public CommandVerdict<ImapCommand, ImapResponse> onCommand(ImapCommand command) {
            verbs.add(command.verb());
            return CommandVerdict.pass();
        }

        @Override
        public ResponseVerdict<ImapResponse> onResponse(ImapResponse response) {
            responses.incrementAndGet();
            return ResponseVerdict.pass();
        }

        @Override
        public void onStreamedData(Direction direction, ByteBuffer chunk) {
            streamed.addAndGet(chunk.remaining());
        }
    }

    @Test
    void appendsWithLiteralsAndFetchesThemBackByteForByte() throws Exception {
        MailUser user = servers.user(0);
        String body = "x".repeat(20_000);
        try (ScriptClient c = new ScriptClient(postern.imap())) {
            c.run("""
                    S: \\* OK .*
                    C: a1 LOGIN %s %s
                    S: a1 OK .*
                    C: a2 APPEND INBOX (\\Seen) {%d}
                    S: \\+ .*
                    """.formatted(user.name(), user.password(), ("Subject: big\r\n\r\n" + body).length()));
            c.send("Subject: big\r\n\r\n" + body + " {27+}\r\nSubject: small\r\n\r\nhi there\r\n");
            c.run("""
                    S: a2 OK .*
                    C: a3 CREATE {7}
                    S: \\+ .*
                    C: Archive
                    S: a3 OK .*
                    C: a4 SELECT INBOX
                    """);
            String line;
            do {
                line = c.readLine();
            } while (line.startsWith("* "));
            assertThat(line).startsWith("a4 OK");
            c.send("a5 FETCH 1:2 (BODY.PEEK[TEXT])\r\n");
            assertThat(c.readLine()).isEqualTo("* 1 FETCH (BODY[TEXT] {20000}");
            assertThat(new String(c.readBytes(20_000))).isEqualTo(body);
            assertThat(c.readLine()).isEqualTo(")");
            assertThat(c.readLine()).isEqualTo("* 2 FETCH (BODY[TEXT] {8}");
            assertThat(new String(c.readBytes(8))).isEqualTo("hi there");
            c.run("""
                    S: \\)
                    S: a5 OK .*
                    C: a6 LOGOUT
                    S: \\* BYE .*
                    S: a6 OK .*
                    """);
        }
        assertThat(verbs).containsSubsequence("APPEND", "CREATE", "SELECT", "FETCH", "LOGOUT");
        assertThat(streamed.get()).as("the streamed APPEND and FETCH literals").isGreaterThanOrEqualTo(40_000);
    }

    @Test
    void idleSeesAMessagePostfixDeliversWhileIdling() throws Exception {
        MailUser user = servers.user(1);
        Store store = AngusMail.store("imap", postern.imap(), user, false);
        try {
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            inbox.appendMessages(new Message[] {AngusMail.message(user, "appended first", "first")});
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
            Thread.sleep(300); // let IDLE reach Dovecot before the delivery
            AngusMail.deliver(servers.smtp(), AngusMail.message(user, "delivered while idle", "hello"));
            assertThat(arrived.await(20, TimeUnit.SECONDS)).as("EXISTS reached the idling client").isTrue();
            idling.get(10, TimeUnit.SECONDS);
            assertThat(inbox.getMessage(2).getSubject()).isEqualTo("delivered while idle");
            assertThat(inbox.getMessage(1).getSubject()).isEqualTo("appended first");
            inbox.close(false);
        } finally {
            store.close();
        }
        assertThat(verbs).contains("IDLE", "APPEND");
    }
}
