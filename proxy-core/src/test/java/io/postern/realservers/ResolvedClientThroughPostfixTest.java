package io.postern.realservers;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.testing.FakeDns;
import io.postern.testing.upstreams.MailServers;
import io.postern.testing.upstreams.MailUser;
import io.postern.testing.upstreams.Mailboxes;
import io.postern.testing.upstreams.RealMailServers;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import jakarta.mail.search.SubjectTerm;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code resolver}: the name Postern found for the client reaches a real Postfix as XCLIENT
 * {@code NAME=}, which writes it into the message's {@code Received} header, as behind nginx.
 */
@RealMailServers
class ResolvedClientThroughPostfixTest {

    private final MailServers servers;

    ResolvedClientThroughPostfixTest(MailServers servers) {
        this.servers = servers;
    }

    @Test
    void postfixNamesTheClientByTheResolversCheckedName(@TempDir Path dir) throws Exception {
        try (FakeDns dns = FakeDns.start()) {
            dns.ptr("127.0.0.1", "mx.client.example").address("mx.client.example", "127.0.0.1");
            try (PosternInFront postern = PosternInFront.start(dir, servers,
                    "resolver = \"" + dns.address() + "\"\nresolver_timeout = 5s")) {
                MailUser sender = servers.user(0);
                MailUser recipient = servers.user(2);
                int before = Mailboxes.pop3Count(servers.pop3(), recipient);
                AngusMail.submit(postern.smtp(), sender, AngusMail.message(recipient, "from a named client", "hello\r\n"));
                assertThat(Mailboxes.awaitPop3Count(servers.pop3(), recipient, before + 1, Duration.ofSeconds(20)))
                        .isEqualTo(before + 1);

                Store store = AngusMail.store("imap", postern.imap(), recipient, false);
                try {
                    Folder inbox = store.getFolder("INBOX");
                    inbox.open(Folder.READ_ONLY);
                    Message message = inbox.search(new SubjectTerm("from a named client"))[0];
                    assertThat(String.join("\n", message.getHeader("Received")))
                            .contains("(mx.client.example [127.0.0.1])");
                    inbox.close(false);
                } finally {
                    store.close();
                }
            }
        }
    }
}
