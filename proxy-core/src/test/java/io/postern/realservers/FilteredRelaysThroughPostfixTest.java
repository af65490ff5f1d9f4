package io.postern.realservers;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.filter.Direction;
import io.postern.spi.pop3.Pop3Filter;
import io.postern.spi.smtp.SmtpFilter;
import io.postern.testing.FilterModule;
import io.postern.testing.upstreams.MailServers;
import io.postern.testing.upstreams.MailUser;
import io.postern.testing.upstreams.Mailboxes;
import io.postern.testing.upstreams.RealMailServers;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The framed relays against real servers: a submission with a dot-stuffed body through an
 * identity SMTP filter to Postfix ({@code xclient = on}), delivered into Dovecot and read back
 * over POP3 through an identity POP3 filter, intact.
 */
@RealMailServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilteredRelaysThroughPostfixTest {

    /** Lines a careless relay would break: dots at the start, a dot alone, two dots. */
    static final String BODY = "hello\r\n.a line with a dot\r\n..two dots\r\n.\r\n. \r\nlast line\r\n";

    private final MailServers servers;
    private final AtomicLong smtpStreamed = new AtomicLong();
    private final AtomicLong pop3Streamed = new AtomicLong();
    private PosternInFront postern;

    FilteredRelaysThroughPostfixTest(MailServers servers) {
        this.servers = servers;
    }

    @BeforeAll
    void startPostern(@TempDir Path dir) throws Exception {
        SmtpFilter smtp = new SmtpFilter() {
            @Override
            public void onStreamedData(Direction direction, ByteBuffer chunk) {
                smtpStreamed.addAndGet(chunk.remaining());
            }
        };
        Pop3Filter pop3 = new Pop3Filter() {
            @Override
            public void onStreamedData(Direction direction, ByteBuffer chunk) {
                pop3Streamed.addAndGet(chunk.remaining());
            }
        };
        postern = PosternInFront.start(dir, servers, "", FilterModule.of(context -> {
            context.addSmtpFilter("identity", session -> Optional.of(smtp));
            context.addPop3Filter("identity", session -> Optional.of(pop3));
        }));
    }

    @AfterAll
    void stopPostern() {
        if (postern != null) {
            postern.close();
        }
    }

    @Test
    void aDotStuffedSubmissionThroughAnIdentityFilterIsDeliveredIntact() throws Exception {
        MailUser sender = servers.user(0);
        MailUser recipient = servers.user(1);
        AngusMail.submit(postern.smtp(), sender, AngusMail.message(recipient, "dots through a filter", BODY));
        assertThat(smtpStreamed.get()).as("the message went through the SMTP filter").isGreaterThan(BODY.length());
        assertThat(Mailboxes.awaitPop3Count(servers.pop3(), recipient, 1, Duration.ofSeconds(20)))
                .as("delivered by Postfix into Dovecot").isEqualTo(1);

        Store store = AngusMail.store("pop3", postern.pop3(), recipient, false);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Message message = inbox.getMessage(1);
            assertThat(message.getSubject()).isEqualTo("dots through a filter");
            assertThat(message.getContent().toString().replace("\r\n", "\n")).isEqualTo(BODY.replace("\r\n", "\n"));
            assertThat(String.join("\n", message.getHeader("Received"))).contains("with ESMTPA");
            inbox.close(false);
        } finally {
            store.close();
        }
        assertThat(pop3Streamed.get()).as("the message came back through the POP3 filter").isGreaterThan(BODY.length());
    }
}
