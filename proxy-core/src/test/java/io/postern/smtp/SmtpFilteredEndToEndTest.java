package io.postern.smtp;

import static io.postern.smtp.SmtpTestSupport.PASSWORD;
import static io.postern.smtp.SmtpTestSupport.USER;
import static io.postern.smtp.SmtpTestSupport.plain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.postern.spi.UpstreamAddress;
import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.smtp.SmtpCommand;
import io.postern.spi.smtp.SmtpFilter;
import io.postern.spi.smtp.SmtpReply;
import io.postern.testing.FilterModule;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running Postern with an SMTP filter module in front of GreenMail, driven by Angus Mail and
 * by scripts: the filter rewrites the sender's domain, which the delivered message's envelope
 * shows (GreenMail's {@code Return-Path}), and refuses one recipient with its own 550 while the
 * others get the message.
 */
class SmtpFilteredEndToEndTest {

    private static final String REFUSAL = "5.7.1 This recipient is not allowed";

    @TempDir
    Path dir;

    private GreenMail greenMail;
    private PosternFixture postern;

    @BeforeEach
    void start() throws Exception {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        UpstreamAddress smtp = new UpstreamAddress("127.0.0.1", greenMail.getSmtp().getPort());
        SmtpFilter rewrite = new SmtpFilter() {
            @Override
            public CommandVerdict<SmtpCommand, SmtpReply> onCommand(SmtpCommand command) {
                String path = command.path().orElse("");
                if (command.verb().equals("MAIL") && path.endsWith("@example.com")) {
                    return CommandVerdict.replace(command.withPath(path.replace("@example.com", "@rewritten.test")));
                }
                if (command.verb().equals("RCPT") && path.startsWith("blocked@")) {
                    return CommandVerdict.answer(SmtpReply.of(550, REFUSAL));
                }
                return CommandVerdict.pass();
            }
        };
        postern = PosternFixture.start(dir, "mail {\nserver_name = " + SmtpTestSupport.SERVER_NAME + "\nxclient = off\n"
                + "servers { smtp { protocol = smtp, listen = \"127.0.0.1:0\" } }\n}\n",
                StaticAuthModule.of(SmtpTestSupport.nginxTestAuth(smtp)),
                FilterModule.of(context -> context.addSmtpFilter("rewrite", session -> Optional.of(rewrite))));
    }

    @AfterEach
    void stop() {
        if (postern != null) {
            postern.close();
        }
        greenMail.stop();
    }

    @Test
    void theRewrittenSenderIsInTheEnvelopeAndTheRefusedRecipientGetsTheFilters550() throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", postern.address().getHostString());
        properties.put("mail.smtp.port", String.valueOf(postern.address().getPort()));
        properties.put("mail.smtp.auth", "true");
        properties.put("mail.smtp.sendpartial", "true");
        properties.put("mail.smtp.timeout", "10000");
        Session session = Session.getInstance(properties);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("alice@example.com"));
        message.setRecipients(Message.RecipientType.TO, new Address[] {new InternetAddress("bob@localhost"),
                new InternetAddress("blocked@localhost"), new InternetAddress("carol@localhost")});
        message.setSubject("through a filter");
        message.setText("hello\r\n.a line that starts with a dot\r\n");

        SendFailedException refused = catchThrowableOfType(() -> Transport.send(message, USER, PASSWORD),
                SendFailedException.class);

        assertThat(refused).isNotNull();
        assertThat(refused.getInvalidAddresses()).extracting(Address::toString).containsExactly("blocked@localhost");
        assertThat(refused.getValidSentAddresses()).extracting(Address::toString)
                .containsExactlyInAnyOrder("bob@localhost", "carol@localhost");
        assertThat(greenMail.waitForIncomingEmail(5_000, 2)).isTrue();
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(2);
        for (MimeMessage delivered : received) {
            assertThat(delivered.getHeader("Return-Path")).containsExactly("<alice@rewritten.test>");
            assertThat(delivered.getSubject()).isEqualTo("through a filter");
            assertThat(delivered.getContent().toString()).contains(".a line that starts with a dot");
        }
        assertThat(greenMail.getReceivedMessagesForDomain("localhost")).hasSize(2);
    }

    @Test
    void pipelinedCommandsBehindAuthAreFramedAndStartTlsIsRefused() throws Exception {
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run("""
                    S: 220 .*
                    C: EHLO client.example
                    S: 250-.*
                    S: 250 AUTH PLAIN LOGIN
                    C| AUTH PLAIN %s
                    C| MAIL FROM:<alice@example.com>
                    C| RCPT TO:<blocked@localhost>
                    C| RCPT TO:<bob@localhost>
                    C: STARTTLS
                    S: 235 2\\.0\\.0 OK
                    S: 250 .*
                    S: 550 %s
                    S: 250 .*
                    S: 503 5\\.5\\.1 STARTTLS not allowed after login
                    C: DATA
                    S: 354 .*
                    C| Subject: pipelined
                    C|
                    C| ..dot
                    C: .
                    S: 250 .*
                    C: QUIT
                    S: 221 .*
                    S: <closed>
                    """.formatted(plain(USER, PASSWORD), REFUSAL.replace(".", "\\.")));
        }
        assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
        MimeMessage delivered = greenMail.getReceivedMessages()[0];
        assertThat(delivered.getHeader("Return-Path")).containsExactly("<alice@rewritten.test>");
        assertThat(greenMail.getReceivedMessages()).as("bob only: blocked was refused").hasSize(1);
        assertThat(delivered.getContent().toString()).contains(".dot").doesNotContain("..dot");
    }
}
