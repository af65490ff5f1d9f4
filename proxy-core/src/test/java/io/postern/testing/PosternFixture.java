package io.postern.testing;

import io.postern.Postern;
import io.postern.engine.ProxyServer;
import io.postern.module.LoadedModule;
import io.postern.tls.TlsProvider;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Postern started in-process for a test: a config file written into a temporary directory,
 * in-process modules, listeners on free ports ({@code listen = "127.0.0.1:0"}).
 */
public final class PosternFixture implements AutoCloseable {

    private final Postern postern;
    private final ProxyServer server;

    private PosternFixture(Postern postern, ProxyServer server) {
        this.postern = postern;
        this.server = server;
    }

    /**
     * Starts Postern on {@code config} (HOCON) with {@code modules}, without looking for
     * modules on the class path or in a modules directory.
     */
    public static PosternFixture start(Path directory, String config, LoadedModule... modules) throws Exception {
        Path file = write(directory, config);
        Postern postern = Postern.configure(file, directory, null, List.of(modules));
        try {
            return new PosternFixture(postern, postern.start());
        } catch (Exception e) {
            postern.close();
            throw e;
        }
    }

    private static Path write(Path directory, String config) throws java.io.IOException {
        Path file = directory.resolve("postern.conf");
        Files.writeString(file, "modules_dir = no-modules\n" + sslProvider(config) + config, StandardCharsets.UTF_8);
        return file;
    }

    /**
     * {@code -Dpostern.test.sslProvider=jdk} (or {@code openssl}) runs every test that uses TLS
     * with that {@code ssl_provider}, as the mail block's default: a test that writes its own
     * still wins. Without it the tests run with {@code auto}.
     */
    private static String sslProvider(String config) {
        String provider = System.getProperty(SSL_PROVIDER_PROPERTY, "");
        return provider.isEmpty() || !config.contains("ssl") ? "" : "mail.ssl_provider = " + provider + "\n";
    }

    /** Whether the tests' TLS is OpenSSL's: asked for, or {@code auto} where it loads. */
    public static boolean testsRunOpenSsl() {
        String provider = System.getProperty(SSL_PROVIDER_PROPERTY, "");
        return provider.equals("openssl") || (!provider.equals("jdk") && TlsProvider.openSslAvailable());
    }

    /** The system property naming the provider the tests run with. */
    public static final String SSL_PROVIDER_PROPERTY = "postern.test.sslProvider";

    /** Writes {@code config} over the configuration file and reloads it, as SIGHUP does. */
    public Postern.ReloadResult reload(String config) throws Exception {
        write(postern.config().prefix(), config);
        return postern.reload();
    }

    /** The address of the {@code index}-th listener, in config order. */
    public InetSocketAddress address(int index) {
        return server.boundAddresses().get(index);
    }

    public InetSocketAddress address() {
        return address(0);
    }

    public Postern postern() {
        return postern;
    }

    public ProxyServer server() {
        return server;
    }

    @Override
    public void close() {
        postern.close();
    }
}
