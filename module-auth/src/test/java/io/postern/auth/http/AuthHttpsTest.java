package io.postern.auth.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.postern.auth.http.FakeAuthServer.Reply;
import io.postern.engine.ModuleConnector;
import io.postern.spi.AuthDecision;
import io.postern.spi.Credentials;
import io.postern.spi.Protocol;
import io.postern.spi.UpstreamAddress;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code https://} auth servers, with a self-signed certificate made by keytool for the test. */
class AuthHttpsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;

    private static KeyStore keyStore;

    @BeforeAll
    static void makeCertificate() throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        assumeTrue(Files.isExecutable(keytool), "keytool is not available");
        Path file = dir.resolve("auth.p12");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "auth", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keyStore.load(in, PASSWORD);
        }
    }

    private static SSLContext serverContext() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    private static SSLContext trustingContext() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("auth", keyStore.getCertificate("auth"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static AuthDecision login(SSLContext clientContext, FakeAuthServer server, int keepalive) throws Exception {
        try (ModuleConnector connector = ModuleConnector.standalone();
             AuthHttpClient client = AuthHttpClient.start(connector, clientContext)) {
            HttpAuthenticator authenticator = new HttpAuthenticator(
                    Map.of("test", TestSessions.settings(keepalive, false, "https://" + server.url())), () -> client);
            AuthDecision first = authenticator.authenticate(TestSessions.request(Protocol.IMAP,
                    new Credentials.Plain("bob", "pw"), 1)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            if (keepalive > 0 && first instanceof AuthDecision.Accepted) {
                return authenticator.authenticate(TestSessions.request(Protocol.IMAP,
                        new Credentials.Plain("bob", "pw"), 2)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            return first;
        }
    }

    @Test
    void talksToAnAuthServerWhoseCertificateIsTrusted() throws Exception {
        try (FakeAuthServer server = new FakeAuthServer(serverContext())) {
            server.respond(r -> Reply.keep(FakeAuthServer.OK_KEEP));
            assertThat(login(trustingContext(), server, 8))
                    .isEqualTo(AuthDecision.acceptedTo(new UpstreamAddress("127.0.0.1", 143)));
            assertThat(server.connections()).as("kept alive over TLS").hasSize(1);
            assertThat(server.requests()).hasSize(2).allMatch(r -> r.contains("Auth-User: bob\r\n"));
        }
    }

    @Test
    void refusesAnAuthServerWhoseCertificateIsNotTrusted() throws Exception {
        try (FakeAuthServer server = new FakeAuthServer(serverContext())) {
            AuthDecision decision = login(SSLContext.getDefault(), server, 0);
            assertThat(decision).isInstanceOf(AuthDecision.Failed.class);
            assertThat(((AuthDecision.Failed) decision).reason()).contains("could not be reached: SSLHandshakeException");
            assertThat(server.requests()).isEmpty();
        }
    }
}
