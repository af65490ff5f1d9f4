package io.postern.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the README promises a newcomer: the packaged {@code bin/postern}, on the shipped
 * configuration and nothing else, lets the demo user send itself a message over SMTP with
 * AUTH and read it over POP3 and IMAP, on the ports the README gives; a wrong password is
 * refused; and the session is in the access log.
 */
class ShippedDistributionIT {

    private static final String USER = "demo@localhost";
    private static final String PASSWORD = "demo";

    @TempDir
    Path dir;

    @Test
    void theDemoUserSendsAndReadsMailThroughTheShippedConfiguration() throws Exception {
        Path output = dir.resolve("output.txt");
        Path home = Distribution.home();
        Process process = new ProcessBuilder(home.resolve("bin/postern").toString()).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            awaitListening(output, "127.0.0.1:1025");
            Session session = Session.getInstance(properties());
            Transport.send(message(session), USER, PASSWORD);
            assertThat(readSubject(session, "pop3")).isEqualTo("hello from the README");
            assertThat(readSubject(session, "imap")).isEqualTo("hello from the README");
            Store wrong = session.getStore("imap");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> wrong.connect(USER, "not-demo"))
                    .isInstanceOf(AuthenticationFailedException.class);
        } finally {
            Postern.Result stop = Postern.run("-s", "stop");
            assertThat(stop.exitCode()).as(stop.output()).isZero();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Files.readString(home.resolve("logs/mail-access.log"), StandardCharsets.UTF_8))
                .contains("\"demo@localhost\"").contains("\"smtp smtp").contains("\"pop3 pop3").contains("\"imap imap");
    }

    private static Properties properties() {
        Properties props = new Properties();
        props.setProperty("mail.smtp.host", "127.0.0.1");
        props.setProperty("mail.smtp.port", "1025");
        props.setProperty("mail.smtp.auth", "true");
        props.setProperty("mail.pop3.host", "127.0.0.1");
        props.setProperty("mail.pop3.port", "1110");
        props.setProperty("mail.imap.host", "127.0.0.1");
        props.setProperty("mail.imap.port", "1143");
        for (String protocol : new String[] {"smtp", "pop3", "imap"}) {
            props.setProperty("mail." + protocol + ".connectiontimeout", "10000");
            props.setProperty("mail." + protocol + ".timeout", "10000");
        }
        return props;
    }

    private static MimeMessage message(Session session) throws Exception {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(USER));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(USER));
        message.setSubject("hello from the README");
        message.setText("sent through Postern");
        return message;
    }

    private static String readSubject(Session session, String protocol) throws Exception {
        Store store = session.getStore(protocol);
        store.connect(USER, PASSWORD);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            String subject = inbox.getMessage(inbox.getMessageCount()).getSubject();
            inbox.close(false);
            return subject;
        } finally {
            store.close();
        }
    }

    private static void awaitListening(Path output, String address) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(output) && Files.readString(output, StandardCharsets.UTF_8).contains("listening on " + address)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("bin/postern did not listen on " + address + ": "
                + (Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "no output"));
    }
}
