package io.postern.rewrite.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.module.LoadedModule;
import io.postern.spi.AuthDecision;
import io.postern.spi.Credentials;
import io.postern.testing.PosternFixture;
import io.postern.testing.StaticAuthModule;
import io.postern.testing.upstreams.MailServers;
import io.postern.testing.upstreams.MailUser;
import io.postern.testing.upstreams.RealMailServers;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mailbox mapping and namespace translation in front of a real Dovecot, whose personal
 * namespace has no prefix and the separator {@code /}: the client sees {@code .} and a
 * top-level Sent, Dovecot stores {@code INBOX/Sent} and {@code Projects/Alpha}.
 */
@RealMailServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RewriteToDovecotTest {

    private final MailServers servers;
    private PosternFixture postern;

    RewriteToDovecotTest(MailServers servers) {
        this.servers = servers;
    }

    @BeforeAll
    void startPostern(@TempDir Path dir) throws Exception {
        postern = PosternFixture.start(dir, """
                mail {
                  imap_auth = [plain, login]
                  rewrite.imap {
                    mailboxes.folders.map { Sent = "INBOX/Sent" }
                    namespace.dots { separator = "/", client_separator = "." }
                  }
                  servers.imap { protocol = imap, listen = "127.0.0.1:0" }
                }
                """, toDovecot(), RewriteThroughPosternTest.rewriteModule());
    }

    private LoadedModule toDovecot() {
        return StaticAuthModule.of(request -> {
            boolean known = request.credentials() instanceof Credentials.Plain plain && servers.users().stream()
                    .anyMatch(u -> u.name().equals(plain.user()) && u.password().equals(plain.password()));
            return StaticAuthModule.answer(known
                    ? new AuthDecision.Accepted(Optional.empty(), Optional.empty(), Optional.of(servers.imap()), Map.of())
                    : AuthDecision.rejected("Authentication failed"));
        });
    }

    @AfterAll
    void stopPostern() {
        if (postern != null) {
            postern.close();
        }
    }

    @Test
    void theClientsSentAndDotsAreDovecotsInboxSentAndSlashes() throws Exception {
        MailUser user = servers.user(0);
        IMAPStore store = (IMAPStore) AngusMail.imap(postern.address(), user.name(), user.password());
        try {
            assertThat(store.getPersonalNamespaces()[0].getSeparator()).isEqualTo('.');
            Folder sent = store.getFolder("Sent");
            assertThat(sent.create(Folder.HOLDS_MESSAGES)).isTrue();
            Folder alpha = store.getFolder("Projects.Alpha");
            assertThat(alpha.create(Folder.HOLDS_MESSAGES)).isTrue();

            sent.open(Folder.READ_WRITE);
            sent.appendMessages(new Message[] {AngusMail.message(user.address(), "bob@example.com", "sent through postern")});
            sent.copyMessages(sent.getMessages(), alpha);
            sent.close(false);

            assertThat(store.getFolder("Projects.Alpha").getMessageCount()).isEqualTo(1);
            assertThat(names(store)).contains("INBOX", "Sent", "Projects", "Projects.Alpha")
                    .noneMatch(n -> n.contains("/"));
        } finally {
            store.close();
        }

        Store direct = AngusMail.imap(new InetSocketAddress(servers.imap().host(), servers.imap().port()),
                user.name(), user.password());
        try {
            assertThat(names(direct)).contains("INBOX/Sent", "Projects/Alpha").doesNotContain("Sent");
            Folder stored = direct.getFolder("INBOX/Sent");
            assertThat(stored.getMessageCount()).isEqualTo(1);
        } finally {
            direct.close();
        }
    }

    private static List<String> names(Store store) throws Exception {
        return Arrays.stream(store.getDefaultFolder().list("*")).map(Folder::getFullName).toList();
    }
}
