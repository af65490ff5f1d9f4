package io.postern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.postern.config.ConfigException;
import io.postern.engine.StartupException;
import io.postern.module.LoadedModule;
import io.postern.module.ModuleDescriptor;
import io.postern.spi.AuthDecision;
import io.postern.spi.ModuleContext;
import io.postern.spi.PosternModule;
import io.postern.spi.Reconfiguration;
import io.postern.spi.SpiVersion;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import io.postern.testing.TestPki;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@link Postern#reload()}: nginx's reload in one process. The listening sockets that stay are
 * never closed, new ones are bound and removed ones closed; open sessions keep the
 * configuration they started with; a broken configuration, a module's refusal or an address
 * that cannot be bound changes nothing.
 */
class ReloadTest {

    private static final String ONE_SERVER = """
            mail {
              servers { imap { protocol = imap, listen = "127.0.0.1:0", imap_greeting = "first ready" } }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void keepsTheListeningSocketAndGivesNewSessionsTheNewConfigurationAndOpenOnesTheirOwn() throws Exception {
        try (PosternFixture postern = PosternFixture.start(dir, """
                mail {
                  servers { imap { protocol = imap, listen = "127.0.0.1:0", imap_greeting = "first ready",
                                   imap_capabilities = [IMAP4rev1, FIRST] } }
                }
                """, declining());
             ScriptClient before = new ScriptClient(postern.address())) {
            InetSocketAddress address = postern.address();
            before.run("S: \\* OK first ready");

            Postern.ReloadResult result = postern.reload("""
                    mail {
                      servers { imap { protocol = imap, listen = "127.0.0.1:0", imap_greeting = "second ready",
                                       imap_capabilities = [IMAP4rev1, SECOND] } }
                    }
                    """);

            assertThat(result.previousSessions()).isEqualTo(1);
            assertThat(postern.address()).isEqualTo(address);
            try (ScriptClient after = new ScriptClient(address)) {
                after.run("""
                        S: \\* OK second ready
                        C: a CAPABILITY
                        S: \\* CAPABILITY IMAP4rev1 SECOND.*
                        S: a OK .*""");
            }
            before.run("""
                    C: b CAPABILITY
                    S: \\* CAPABILITY IMAP4rev1 FIRST.*
                    S: b OK .*""");
        }
    }

    @Test
    void readsTheCertificatesAgainSoARenewedOneServesTheNewSessions() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), "test-ca");
        Path certificate = dir.resolve("mail.pem");
        Path key = dir.resolve("mail.key");
        TestPki.Issued first = pki.server("localhost");
        Files.copy(first.certificateFile(), certificate);
        Files.copy(first.keyFile(), key);
        String tls = """
                mail {
                  ssl_certificate = "%s"
                  ssl_certificate_key = "%s"
                  servers { imaps { protocol = imap, listen = "127.0.0.1:0 ssl" } }
                }
                """.formatted(certificate, key);
        try (PosternFixture postern = PosternFixture.start(dir, tls, declining())) {
            assertThat(served(postern, pki)).isEqualTo(first.certificate());

            TestPki.Issued renewed = pki.server("localhost");
            Files.copy(renewed.certificateFile(), certificate, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(renewed.keyFile(), key, StandardCopyOption.REPLACE_EXISTING);
            postern.reload(tls);

            assertThat(served(postern, pki)).isEqualTo(renewed.certificate()).isNotEqualTo(first.certificate());
        }
    }

    private static Certificate served(PosternFixture postern, TestPki pki) throws Exception {
        try (ScriptClient client = ScriptClient.tls(postern.address(), pki.clientContext(), "localhost")) {
            client.run("S: \\* OK .*");
            return client.tlsSocket().getSession().getPeerCertificates()[0];
        }
    }

    @Test
    void warnsThatModuleJarsAddedSinceTheStartNeedARestart() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(PreparedReload.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try (PosternFixture postern = PosternFixture.start(dir, ONE_SERVER, declining())) {
            Files.createDirectories(dir.resolve("no-modules"));
            Files.writeString(dir.resolve("no-modules/late-1.0.jar"), "not loaded anyway");

            postern.reload(ONE_SERVER.replace("first", "second"));

            try (ScriptClient c = new ScriptClient(postern.address())) {
                c.run("S: \\* OK second ready");
            }
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).filteredOn(e -> e.getLevel() == Level.WARN)
                .singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains("[] then, [late-1.0.jar] now").contains("restart postern to load them");
    }

    @Test
    void theConnectionCountsOfOpenSessionsCarryOverToTheNewConfiguration() throws Exception {
        String limited = "limit_conn_total = 1\n" + ONE_SERVER;
        try (PosternFixture postern = PosternFixture.start(dir, limited, declining())) {
            ScriptClient held = new ScriptClient(postern.address()).run("S: \\* OK first ready");

            postern.reload(limited.replace("first", "second"));

            try (ScriptClient refused = new ScriptClient(postern.address())) {
                refused.run("""
                        S: \\* BYE Server busy, try again later
                        S: <closed>""");
            }
            held.close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (postern.server().connectionLimits().openConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20); // the close reaches the event loop in its own time
            }
            try (ScriptClient admitted = new ScriptClient(postern.address())) {
                admitted.run("S: \\* OK second ready");
            }
        }
    }

    @Test
    void opensTheListenersAServerAddsAndClosesTheOnesItRemoves() throws Exception {
        try (PosternFixture postern = PosternFixture.start(dir, ONE_SERVER, declining())) {
            postern.reload("""
                    mail {
                      servers {
                        imap { protocol = imap, listen = "127.0.0.1:0", imap_greeting = "first ready" }
                        pop3 { protocol = pop3, listen = "127.0.0.1:0" }
                      }
                    }
                    """);
            assertThat(postern.server().boundAddresses()).hasSize(2);
            InetSocketAddress pop3 = postern.address(1);
            try (ScriptClient c = new ScriptClient(pop3)) {
                c.run("S: \\+OK POP3 ready");
            }

            postern.reload(ONE_SERVER);

            assertThat(postern.server().boundAddresses()).hasSize(1);
            assertThatThrownBy(() -> new Socket(pop3.getAddress(), pop3.getPort()).close())
                    .isInstanceOf(ConnectException.class);
            try (ScriptClient c = new ScriptClient(postern.address())) {
                c.run("S: \\* OK first ready");
            }
        }
    }

    @Test
    void refusesABrokenConfigurationAndKeepsServingTheRunningOne() throws Exception {
        try (PosternFixture postern = PosternFixture.start(dir, ONE_SERVER, declining())) {
            assertThatThrownBy(() -> postern.reload("""
                    mail {
                      servers {
                        imap { protocol = imap, listen = "127.0.0.1:0", imap_greeting = "second ready" }
                        pop3 { protocol = pop3, listen = "127.0.0.1:0", pop3_capabilites = [TOP] }
                      }
                    }
                    """)).isInstanceOf(ConfigException.class).hasMessageContaining("pop3_capabilites")
                    .hasMessageContaining("postern.conf:");

            assertThat(postern.server().boundAddresses()).hasSize(1);
            assertThat(postern.postern().config().servers()).hasSize(1);
            try (ScriptClient c = new ScriptClient(postern.address())) {
                c.run("S: \\* OK first ready");
            }
        }
    }

    @Test
    void refusesTheWholeReloadWhenAnAddedAddressCannotBeBound() throws Exception {
        try (PosternFixture postern = PosternFixture.start(dir, ONE_SERVER, declining());
             ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> postern.reload("""
                    mail {
                      servers {
                        imap { protocol = imap, listen = "127.0.0.1:0", imap_greeting = "second ready" }
                        pop3 { protocol = pop3, listen = "127.0.0.1:%d" }
                        smtp { protocol = smtp, listen = "127.0.0.1:0" }
                      }
                    }
                    """.formatted(taken.getLocalPort()))).isInstanceOf(StartupException.class)
                    .hasMessageStartingWith("bind() to 127.0.0.1:" + taken.getLocalPort() + " failed (")
                    .hasMessageEndingWith("Address already in use)");

            assertThat(postern.server().boundAddresses()).hasSize(1);
            try (ScriptClient c = new ScriptClient(postern.address())) {
                c.run("S: \\* OK first ready");
            }
        }
    }

    @Test
    void aModuleThatRefusesRefusesTheReloadAndTheOthersAbandonTheirs() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        PosternModule recording = new PosternModule() {
            @Override
            public void configure(ModuleContext context) {
            }

            @Override
            public Optional<Reconfiguration> reconfigure(ModuleContext context) {
                calls.add("prepared");
                return Optional.of(new Reconfiguration() {
                    @Override
                    public void commit() {
                        calls.add("committed");
                    }

                    @Override
                    public void abandon() {
                        calls.add("abandoned");
                    }
                });
            }
        };
        PosternModule refusing = new PosternModule() {
            @Override
            public void configure(ModuleContext context) {
            }

            @Override
            public Optional<Reconfiguration> reconfigure(ModuleContext context) {
                throw new IllegalArgumentException("some_directive: nonsense (expected: sense)");
            }
        };
        try (PosternFixture postern = PosternFixture.start(dir, ONE_SERVER, declining(),
                module("a-recording", recording), module("b-refusing", refusing))) {
            assertThatThrownBy(() -> postern.reload(ONE_SERVER.replace("first", "second")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("b-refusing").hasMessageContaining("some_directive: nonsense (expected: sense)");

            assertThat(calls).containsExactly("prepared", "abandoned");
            try (ScriptClient c = new ScriptClient(postern.address())) {
                c.run("S: \\* OK first ready");
            }
        }
    }

    @Test
    void replacesAModuleWithoutReconfigureByAFreshInstanceAndClosesTheOldOneWhenItsSessionsEnded()
            throws Exception {
        FreshModule.reset();
        PosternFixture postern = PosternFixture.start(dir, ONE_SERVER, declining(),
                LoadedModule.inProcess(new FreshModule(), descriptor("fresh")));
        try (postern) {
            ScriptClient before = new ScriptClient(postern.address());
            before.run("S: \\* OK first ready");

            postern.reload(ONE_SERVER.replace("first", "second"));

            assertThat(FreshModule.events).containsExactly("configured 1", "started 1", "configured 2", "started 2");
            before.close();
            assertThat(FreshModule.firstClosed.await(30, TimeUnit.SECONDS)).as("instance 1 closed").isTrue();
            assertThat(FreshModule.events).endsWith("closed 1");
        }
        assertThat(FreshModule.events).endsWith("closed 1", "closed 2");
    }

    private static LoadedModule declining() {
        return StaticAuthModule.of(r -> StaticAuthModule.answer(AuthDecision.declined()));
    }

    private static LoadedModule module(String name, PosternModule module) {
        return LoadedModule.inProcess(module, descriptor(name));
    }

    private static ModuleDescriptor descriptor(String name) {
        return new ModuleDescriptor(name, "test", SpiVersion.current(), "test");
    }

    /** A module with the default reconfigure: each instance numbered, its life recorded. */
    public static final class FreshModule implements PosternModule {
        static final List<String> events = new CopyOnWriteArrayList<>();
        static CountDownLatch firstClosed;
        private static int instances;
        private final int number;

        static synchronized void reset() {
            events.clear();
            instances = 0;
            firstClosed = new CountDownLatch(1);
        }

        public FreshModule() {
            synchronized (FreshModule.class) {
                number = ++instances;
            }
        }

        @Override
        public void configure(ModuleContext context) {
            events.add("configured " + number);
        }

        @Override
        public void start() {
            events.add("started " + number);
        }

        @Override
        public void close() {
            events.add("closed " + number);
            if (number == 1) {
                firstClosed.countDown();
            }
        }
    }
}
