package io.postern.tls;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.postern.module.LoadedModule;
import io.postern.spi.AuthDecision;
import io.postern.spi.AuthRequest;
import io.postern.spi.Credentials;
import io.postern.spi.UpstreamAddress;
import io.postern.testing.PosternFixture;
import io.postern.testing.StaticAuthModule;
import io.postern.testing.TestPki;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Postern with TLS toward clients in front of a plain GreenMail (IMAP, POP3, SMTP), a test CA
 * whose server certificate names {@code localhost}, and an authenticator that records every
 * request it is asked (to prove what did, or did not, reach the AUTH phase).
 */
final class TlsFixture implements AutoCloseable {

    static final String USER = "bob@localhost";
    static final String PASSWORD = "s3cr3t-Pa55";
    static final String HOST = "localhost";

    final TestPki pki;
    final TestPki.Issued serverCert;
    final GreenMail greenMail;
    final List<AuthRequest> requests = new CopyOnWriteArrayList<>();
    private PosternFixture postern;

    TlsFixture(Path dir) throws Exception {
        pki = TestPki.create(dir.resolve("pki"), "test-ca");
        serverCert = pki.server(HOST);
        greenMail = new GreenMail(new ServerSetup[] {new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)});
        greenMail.start();
        greenMail.setUser(USER, USER, PASSWORD);
    }

    /** GreenMail's plain port for {@code protocol}. */
    UpstreamAddress upstream(String protocol) {
        int port = switch (protocol) {
            case "imap" -> greenMail.getImap().getPort();
            case "pop3" -> greenMail.getPop3().getPort();
            default -> greenMail.getSmtp().getPort();
        };
        return new UpstreamAddress("127.0.0.1", port);
    }

    /** The directives naming the server certificate. */
    String certificateDirectives() {
        return "ssl_certificate = \"" + serverCert.certificateFile() + "\"\n"
                + "ssl_certificate_key = \"" + serverCert.keyFile() + "\"\n";
    }

    /**
     * Starts Postern with one {@code protocol} server listening with {@code listenSuffix}
     * ({@code ""} or {@code " ssl"}), the certificate and {@code directives} in its mail block.
     */
    PosternFixture start(Path dir, String protocol, String listenSuffix, String directives,
                         LoadedModule... extraModules) throws Exception {
        UpstreamAddress upstream = upstream(protocol);
        postern = PosternFixture.start(dir, "mail {\nserver_name = postern.test\nxclient = off\n"
                + certificateDirectives() + directives + "\n"
                + "servers { s { protocol = " + protocol + ", listen = \"127.0.0.1:0" + listenSuffix + "\" } }\n}\n",
                auth(upstream, extraModules));
        return postern;
    }

    /** The recording authenticator first, then {@code extraModules}. */
    private LoadedModule[] auth(UpstreamAddress upstream, LoadedModule... extraModules) {
        LoadedModule[] modules = new LoadedModule[extraModules.length + 1];
        modules[0] = StaticAuthModule.of(request -> {
            requests.add(request);
            boolean good = request.credentials() instanceof Credentials.Plain p && p.user().equals(USER)
                    && p.password().equals(PASSWORD);
            return CompletableFuture.completedFuture(good ? AuthDecision.acceptedTo(upstream)
                    : AuthDecision.rejected("Authentication failed"));
        });
        System.arraycopy(extraModules, 0, modules, 1, extraModules.length);
        return modules;
    }

    InetSocketAddress address() {
        return postern.address();
    }

    @Override
    public void close() {
        if (postern != null) {
            postern.close();
        }
        greenMail.stop();
    }
}
