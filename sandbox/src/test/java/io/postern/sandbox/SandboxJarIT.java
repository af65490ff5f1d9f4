package io.postern.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.AuthDecision;
import io.postern.spi.AuthRequest;
import io.postern.spi.Credentials;
import io.postern.spi.PosternModule;
import io.postern.spi.Protocol;
import io.postern.spi.UpstreamAddress;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged module jar, used the way Postern's module loader uses it: in a class loader of
 * its own that sees only the SPI, Typesafe Config and SLF4J of the core. Proves the jar is
 * self-contained (GreenMail, Jakarta Mail and Activation inside, nothing shared bundled) and
 * that GreenMail works when the thread's context loader cannot see them.
 */
@Tag("packaged")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SandboxJarIT {

    private static final Path JAR = Path.of(System.getProperty("postern.sandbox.jar",
            "target/postern-sandbox.jar"));

    @Test
    void carriesItsDescriptorServiceEntryAndDefaults() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            final Properties descriptor = new Properties();
            try (InputStream in = jar.getInputStream(jar.getEntry("META-INF/postern-module.properties"))) {
                descriptor.load(in);
            }
            assertThat(descriptor.getProperty("name")).isEqualTo("sandbox");
            assertThat(descriptor.getProperty("version")).isNotBlank().doesNotContain("${");
            assertThat(descriptor.getProperty("spi-version")).isEqualTo(io.postern.spi.SpiVersion.current());
            assertThat(read(jar, "META-INF/services/io.postern.spi.PosternModule").strip())
                    .isEqualTo(SandboxModule.class.getName());
            assertThat(read(jar, "reference.conf")).contains("sandbox = off");
        }
    }

    @Test
    void bundlesGreenMailButNothingTheCoreShares() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            final List<String> names = jar.stream().map(ZipEntry::getName).toList();
            assertThat(names).contains("com/icegreen/greenmail/util/GreenMail.class",
                    "jakarta/mail/Session.class", "jakarta/activation/DataHandler.class");
            assertThat(names).noneMatch(name -> name.startsWith("io/postern/spi/")
                    || name.startsWith("com/typesafe/") || name.startsWith("org/slf4j/")
                    || name.startsWith("io/netty/") || name.startsWith("junit/") || name.startsWith("org/junit/"));
        }
    }

    @Test
    void runsInItsOwnClassLoaderAndServesTheDemoUser() throws Exception {
        final ClassLoader core = SandboxJarIT.class.getClassLoader();
        final int[] ports = FreePorts.take(3);
        final Thread thread = Thread.currentThread();
        final ClassLoader previousContext = thread.getContextClassLoader();
        try (ModuleClassLoader loader = new ModuleClassLoader(new URL[] {JAR.toUri().toURL()}, core);
             ModuleClassLoader coreView = new ModuleClassLoader(new URL[0], core)) {
            final PosternModule module = ServiceLoader.load(PosternModule.class, loader).stream()
                    .filter(provider -> provider.type().getClassLoader() == loader)
                    .map(ServiceLoader.Provider::get)
                    .findFirst().orElseThrow();
            // The start-up thread's context loader is the core's, which knows no Jakarta Mail.
            thread.setContextClassLoader(coreView);
            final TestModuleContext context = new TestModuleContext(
                    TestServerConfig.mail(FreePorts.sandboxOn(ports, ""), loader));
            try {
                module.configure(context);
                module.start();
                thread.setContextClassLoader(previousContext);

                final AuthDecision decision = context.authenticators.get("sandbox").authenticate(new AuthRequest(
                        new TestSession(Protocol.IMAP), new Credentials.Plain("demo@localhost", "demo"), 1))
                        .toCompletableFuture().join();
                assertThat(decision).isInstanceOfSatisfying(AuthDecision.Accepted.class, accepted ->
                        assertThat(accepted.upstream()).contains(new UpstreamAddress("127.0.0.1", ports[0])));
                sendAndReadBack(ports);
            } finally {
                thread.setContextClassLoader(previousContext);
                module.close();
            }
        }
    }

    /** Mail goes in over SMTP and comes out over IMAP: GreenMail parsed and stored it. */
    private static void sendAndReadBack(int[] ports) throws Exception {
        final Session session = Session.getInstance(new Properties());
        final MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("demo@localhost"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("demo@localhost"));
        message.setSubject("parsed inside the module");
        message.setText("hello");
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect("127.0.0.1", ports[2], null, null);
            transport.sendMessage(message, message.getAllRecipients());
        }
        try (Store store = session.getStore("imap")) {
            store.connect("127.0.0.1", ports[0], "demo@localhost", "demo");
            final Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.getMessages()).extracting(Message::getSubject).containsExactly("parsed inside the module");
            inbox.close(false);
        }
    }

    private static String read(JarFile jar, String name) throws IOException {
        final ZipEntry entry = jar.getEntry(name);
        assertThat(entry).as(name).isNotNull();
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @BeforeAll
    static void jarIsPackaged() {
        assertThat(JAR).as("the shaded jar; these tests run in failsafe, after package").isRegularFile();
    }
}
