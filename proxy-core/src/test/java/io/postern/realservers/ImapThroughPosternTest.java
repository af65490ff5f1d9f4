package io.postern.realservers;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.testing.ScriptClient;
import io.postern.testing.upstreams.MailServers;
import io.postern.testing.upstreams.MailUser;
import io.postern.testing.upstreams.RealMailServers;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.search.SubjectTerm;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Angus Mail over IMAP through Postern to a real Dovecot, with mail delivered by a real Postfix. */
@RealMailServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImapThroughPosternTest {

    private final MailServers servers;
    private PosternInFront postern;

    ImapThroughPosternTest(MailServers servers) {
        this.servers = servers;
    }

    @BeforeAll
    void startPostern(@TempDir Path dir) throws Exception {
        postern = PosternInFront.start(dir, servers);
    }

    @AfterAll
    void stopPostern() {
        if (postern != null) {
            postern.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"LOGIN command, 0", "AUTHENTICATE PLAIN, 1"})
    void logsInListsCreatesAppendsSelectsFetchesAndSearches(String how, int userIndex) throws Exception {
        MailUser user = servers.user(userIndex);
        Store store = AngusMail.store("imap", postern.imap(), user, how.equals("LOGIN command"));
        try {
            Folder archive = store.getFolder("Archive");
            assertThat(archive.create(Folder.HOLDS_MESSAGES)).isTrue();
            assertThat(Arrays.stream(store.getDefaultFolder().list("*")).map(Folder::getFullName))
                    .contains("INBOX", "Archive");

            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            inbox.appendMessages(new Message[] {
                AngusMail.message(user, "first through postern", "one"),
                AngusMail.message(user, "second through postern", "two\r\n.a line with a dot\r\n")});
            assertThat(inbox.getMessageCount()).isEqualTo(2);

            Message[] found = inbox.search(new SubjectTerm("second"));
            assertThat(found).hasSize(1);
            assertThat(found[0].getContent().toString()).contains("two", ".a line with a dot");
            assertThat(inbox.getMessage(1).getSubject()).isEqualTo("first through postern");

            inbox.copyMessages(found, archive);
            found[0].setFlag(Flags.Flag.DELETED, true);
            inbox.close(true);
            archive.open(Folder.READ_ONLY);
            assertThat(archive.getMessageCount()).isEqualTo(1);
            assertThat(archive.getMessage(1).getSubject()).isEqualTo("second through postern");
            archive.close(false);
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.getMessageCount()).isEqualTo(1);
            inbox.close(false);
        } finally {
            store.close();
        }
    }

    @Test
    void idleSeesAMessageThatPostfixDeliversWhileIdling() throws Exception {
        MailUser user = servers.user(2);
        Store store = AngusMail.store("imap", postern.imap(), user, false);
        try {
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.getMessageCount()).isZero();
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
            assertThat(inbox.getMessage(1).getSubject()).isEqualTo("delivered while idle");
            inbox.close(false);
        } finally {
            store.close();
        }
    }

    @Test
    void relaysDovecotsOwnRefusalOfALoginPosternAccepted() throws Exception {
        try (ScriptClient c = new ScriptClient(postern.imap())) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 LOGIN %s %s
                    S: a1 NO \\[AUTHENTICATIONFAILED\\] Authentication failed\\.
                    """.formatted(PosternInFront.STALE.name(), PosternInFront.STALE.password()));
        }
    }
}
