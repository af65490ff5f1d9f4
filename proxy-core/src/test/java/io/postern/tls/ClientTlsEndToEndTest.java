package io.postern.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.SessionInfo;
import io.postern.spi.SessionListener;
import io.postern.spi.TlsInfo;
import io.postern.testing.ListenerModule;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real clients (Angus Mail) log in through Postern over implicit TLS and over STARTTLS (STLS),
 * trusting only the test CA and checking the server's name, to a plain GreenMail upstream.
 */
class ClientTlsEndToEndTest {

    @TempDir
    Path dir;

    private TlsFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new TlsFixture(dir);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource({"imap, implicit", "imap, starttls", "pop3, implicit", "pop3, starttls"})
    void mailboxClientLogsIn(String protocol, String how) throws Exception {
        boolean implicit = how.equals("implicit");
        fixture.start(dir, protocol, implicit ? " ssl" : "", implicit ? "" : "starttls = only");
        Session session = Session.getInstance(properties(protocol, implicit));
        Store store = session.getStore(implicit ? protocol + "s" : protocol);
        store.connect(TlsFixture.HOST, fixture.address().getPort(), TlsFixture.USER, TlsFixture.PASSWORD);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.getMessageCount()).isZero();
            inbox.close(false);
        } finally {
            store.close();
        }
        assertThat(fixture.requests).hasSize(1);
        assertThat(fixture.requests.get(0).session().secure()).isTrue();
        assertThat(fixture.requests.get(0).session().tls().orElseThrow().protocol()).startsWith("TLSv1.");
    }

    @Test
    void listenersHearEachClientHandshakeAndEachFailedOne() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        SessionListener recorder = new SessionListener() {
            @Override
            public void onTlsHandshake(SessionInfo session, TlsInfo tls) {
                events.add("handshake " + tls.protocol().startsWith("TLSv1."));
            }

            @Override
            public void onTlsFailed(SessionInfo session, String reason) {
                events.add("failed " + !reason.isBlank());
            }
        };
        fixture.start(dir, "imap", " ssl", "", ListenerModule.of(recorder));
        Store store = Session.getInstance(properties("imap", true)).getStore("imaps");
        store.connect(TlsFixture.HOST, fixture.address().getPort(), TlsFixture.USER, TlsFixture.PASSWORD);
        store.close();
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("handshake true");

        try (Socket plain = new Socket(fixture.address().getAddress(), fixture.address().getPort())) {
            plain.getOutputStream().write("a1 LOGIN bob secret\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("failed true");
        }
    }

    @ParameterizedTest(name = "smtp over {0}")
    @CsvSource({"implicit", "starttls"})
    void submissionClientSendsAMessage(String how) throws Exception {
        boolean implicit = how.equals("implicit");
        fixture.start(dir, "smtp", implicit ? " ssl" : "", implicit ? "" : "starttls = only");
        Properties props = properties("smtp", implicit);
        String prefix = implicit ? "mail.smtps." : "mail.smtp.";
        props.put(prefix + "auth", "true");
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("alice@example.com"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(TlsFixture.USER));
        message.setSubject("over tls");
        message.setText("hello");
        try (Transport transport = session.getTransport(implicit ? "smtps" : "smtp")) {
            transport.connect(TlsFixture.HOST, fixture.address().getPort(), TlsFixture.USER, TlsFixture.PASSWORD);
            transport.sendMessage(message, message.getAllRecipients());
        }
        assertThat(fixture.greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
        assertThat(fixture.greenMail.getReceivedMessages()[0].getSubject()).isEqualTo("over tls");
        assertThat(fixture.requests.get(0).session().secure()).isTrue();
    }

    /** A client that trusts only the test CA, checks the server's name, and insists on TLS. */
    private Properties properties(String protocol, boolean implicit) throws Exception {
        SSLSocketFactory factory = fixture.pki.clientContext().getSocketFactory();
        String prefix = "mail." + protocol + (implicit ? "s." : ".");
        Properties props = new Properties();
        props.put(prefix + "ssl.socketFactory", factory);
        props.put(prefix + "ssl.checkserveridentity", "true");
        props.put(prefix + "timeout", "10000");
        if (!implicit) {
            props.put(prefix + "starttls.enable", "true");
            props.put(prefix + "starttls.required", "true");
        }
        return props;
    }
}
