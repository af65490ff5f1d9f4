package io.postern.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.postern.spi.AuthDecision;
import io.postern.spi.Authenticator;
import io.postern.spi.ProxiedConnection;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import io.postern.testing.TestPki;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The PROXY protocol (nginx's mail_proxy_protocol.t): the header from a load balancer on
 * {@code listen … proxy_protocol}, trusted only from {@code set_real_ip_from}, and the header
 * Postern sends to upstreams with {@code proxy_protocol on | v2}.
 */
class ProxyProtocolTest {

    private static final String V1 = "PROXY TCP4 192.0.2.1 192.0.2.2 123 5678\r\n";

    @TempDir
    Path dir;

    private PosternFixture postern;
    private FakeImapUpstream upstream;
    private final AtomicReference<InetSocketAddress> seenClient = new AtomicReference<>();
    private final AtomicReference<Optional<ProxiedConnection>> seenHeader = new AtomicReference<>();

    @AfterEach
    void stop() throws Exception {
        if (postern != null) {
            postern.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private ScriptClient start(String mailDirectives, FakeImapUpstream.Expect upstreamExpects) throws Exception {
        startPostern(mailDirectives, "imap { protocol = imap, listen = \"127.0.0.1:0 proxy_protocol\" }",
                upstreamExpects);
        return new ScriptClient(postern.address());
    }

    private void startPostern(String mailDirectives, String servers, FakeImapUpstream.Expect upstreamExpects)
            throws Exception {
        startPostern(mailDirectives, servers, new FakeImapUpstream(upstreamExpects));
    }

    private void startPostern(String mailDirectives, String servers, FakeImapUpstream fake) throws Exception {
        upstream = fake;
        Authenticator recording = request -> {
            seenClient.set(request.session().clientAddress());
            seenHeader.set(request.session().proxied());
            return StaticAuthModule.answer(AuthDecision.acceptedTo(upstream.address()));
        };
        postern = PosternFixture.start(dir, "mail {\n" + mailDirectives + "\nservers { " + servers + " }\n}\n",
                StaticAuthModule.of(recording));
    }

    private static void logInAndOut(ScriptClient c) throws Exception {
        c.run("""
                S: \\* OK IMAP4 ready
                C: a1 LOGIN bob secret
                S: a1 OK .*
                C: a2 LOGOUT
                S: \\* BYE fake
                S: a2 OK LOGOUT completed
                """);
    }

    @Test
    void trustedPeersHeaderBecomesTheClientAddress() throws Exception {
        try (ScriptClient c = start("set_real_ip_from = [\"127.0.0.0/8\", \"::1\"]", FakeImapUpstream.Expect.NOTHING)) {
            c.send(V1);
            logInAndOut(c);
        }
        assertThat(seenClient.get()).isEqualTo(new InetSocketAddress("192.0.2.1", 123));
        assertThat(seenHeader.get()).contains(new ProxiedConnection(new InetSocketAddress("192.0.2.1", 123),
                new InetSocketAddress("192.0.2.2", 5678)));
    }

    @Test
    void untrustedPeerStaysTheClientAndTheHeaderIsOnlyReported() throws Exception {
        try (ScriptClient c = start("set_real_ip_from = [\"10.0.0.0/8\", \"2001:db8::/32\"]",
                FakeImapUpstream.Expect.NOTHING)) {
            c.send(V1);
            logInAndOut(c);
        }
        assertThat(seenClient.get().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(seenHeader.get()).map(ProxiedConnection::source)
                .contains(new InetSocketAddress("192.0.2.1", 123));
    }

    @Test
    void acceptsTheBinaryV2HeaderWithIpv6Addresses() throws Exception {
        HAProxyMessage header = new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.PROXY,
                HAProxyProxiedProtocol.TCP6, "2001:db8::1", "2001:db8::2", 40000, 993);
        try (ScriptClient c = start("set_real_ip_from = [\"127.0.0.1\"]", FakeImapUpstream.Expect.NOTHING)) {
            c.sendBytes(encode(header));
            logInAndOut(c);
        }
        assertThat(seenClient.get()).isEqualTo(new InetSocketAddress("2001:db8::1", 40000));
        assertThat(seenHeader.get()).map(ProxiedConnection::destination)
                .contains(new InetSocketAddress("2001:db8::2", 993));
    }

    @Test
    void unknownKeepsTheConnectionsOwnAddresses() throws Exception {
        try (ScriptClient c = start("set_real_ip_from = [\"127.0.0.1\"]", FakeImapUpstream.Expect.NOTHING)) {
            c.send("PROXY UNKNOWN\r\n");
            logInAndOut(c);
        }
        assertThat(seenClient.get().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(seenHeader.get()).isEmpty();
    }

    @Test
    void v2LocalCommandKeepsTheConnectionsOwnAddresses() throws Exception {
        HAProxyMessage local = new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.LOCAL,
                HAProxyProxiedProtocol.UNKNOWN, null, null, 0, 0);
        try (ScriptClient c = start("set_real_ip_from = [\"127.0.0.1\"]", FakeImapUpstream.Expect.NOTHING)) {
            c.sendBytes(encode(local));
            logInAndOut(c);
        }
        assertThat(seenClient.get().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(seenHeader.get()).isEmpty();
    }

    @Test
    void bytesAfterTheHeaderInTheSameWriteReachTheProtocol() throws Exception {
        try (ScriptClient c = start("", FakeImapUpstream.Expect.NOTHING)) {
            c.send(V1 + "a1 NOOP\r\n");
            c.run("""
                    S: \\* OK IMAP4 ready
                    S: a1 OK completed
                    """);
        }
    }

    @ParameterizedTest
    @CsvSource({"pop3, \\+OK POP3 ready", "smtp, 220 mail.test ESMTP ready"})
    void everyProtocolGreetsOnlyAfterTheHeader(String protocol, String greeting) throws Exception {
        startPostern("server_name = mail.test", protocol + " { protocol = " + protocol
                + ", listen = \"127.0.0.1:0 proxy_protocol\" }", FakeImapUpstream.Expect.NOTHING);
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.send(V1);
            c.run("S: " + greeting);
        }
    }

    @Test
    void theHeaderPrecedesTheTlsHandshakeOnAnSslListener() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), "test-ca");
        TestPki.Issued certificate = pki.server("localhost");
        startPostern("set_real_ip_from = [\"127.0.0.1\"]\nssl_certificate = \"" + certificate.certificateFile()
                + "\"\nssl_certificate_key = \"" + certificate.keyFile() + "\"",
                "imaps { protocol = imap, listen = \"127.0.0.1:0 ssl proxy_protocol\" }",
                FakeImapUpstream.Expect.NOTHING);
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.send(V1);
            c.startTls(pki.clientContext(), "localhost");
            logInAndOut(c);
        }
        assertThat(seenClient.get()).isEqualTo(new InetSocketAddress("192.0.2.1", 123));
    }

    @Test
    void garbageClosesTheConnectionWithoutAGreeting() throws Exception {
        try (ScriptClient c = start("", FakeImapUpstream.Expect.NOTHING)) {
            c.send("GET / HTTP/1.0\r\nHost: mail\r\n\r\n");
            c.expectClosed();
        }
    }

    @Test
    void noHeaderWithinTimeoutClosesTheConnectionWithoutAGreeting() throws Exception {
        try (ScriptClient c = start("timeout = 300ms", FakeImapUpstream.Expect.NOTHING)) {
            long start = System.nanoTime();
            c.expectClosed();
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(200L, 5_000L);
        }
    }

    @Test
    void sendsAV1HeaderToTheUpstreamBeforeItsGreeting() throws Exception {
        try (ScriptClient c = start("set_real_ip_from = [\"127.0.0.1\"]\nproxy_protocol = on",
                FakeImapUpstream.Expect.V1)) {
            c.send(V1);
            logInAndOut(c);
        }
        assertThat(new String(upstream.header(), StandardCharsets.US_ASCII))
                .isEqualTo("PROXY TCP4 192.0.2.1 127.0.0.1 123 " + postern.address().getPort() + "\r\n");
    }

    @Test
    void sendsTheTcpPeerWhenItIsNotTrusted() throws Exception {
        try (ScriptClient c = start("proxy_protocol = on", FakeImapUpstream.Expect.V1)) {
            c.send(V1);
            logInAndOut(c);
        }
        assertThat(new String(upstream.header(), StandardCharsets.US_ASCII))
                .matches("PROXY TCP4 127\\.0\\.0\\.1 127\\.0\\.0\\.1 \\d+ " + postern.address().getPort() + "\r\n");
    }

    @Test
    void sendsAValidV2HeaderToTheUpstreamBeforeItsGreeting() throws Exception {
        try (ScriptClient c = start("set_real_ip_from = [\"127.0.0.1\"]\nproxy_protocol = v2",
                FakeImapUpstream.Expect.V2)) {
            c.send(V1);
            logInAndOut(c);
        }
        HAProxyMessage received = decode(upstream.header());
        try {
            assertThat(received.protocolVersion()).isEqualTo(HAProxyProtocolVersion.V2);
            assertThat(received.command()).isEqualTo(HAProxyCommand.PROXY);
            assertThat(received.proxiedProtocol()).isEqualTo(HAProxyProxiedProtocol.TCP4);
            assertThat(received.sourceAddress()).isEqualTo("192.0.2.1");
            assertThat(received.sourcePort()).isEqualTo(123);
            assertThat(received.destinationAddress()).isEqualTo("127.0.0.1");
            assertThat(received.destinationPort()).isEqualTo(postern.address().getPort());
        } finally {
            received.release();
        }
    }

    @Test
    void theUpstreamHeaderPrecedesTheTlsHandshakeToTheUpstream() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), "upstream-ca");
        startPostern("set_real_ip_from = [\"127.0.0.1\"]\nproxy_protocol = on\nproxy_ssl = on\n"
                + "proxy_ssl_trusted_certificate = \"" + pki.caFile() + "\"",
                "imap { protocol = imap, listen = \"127.0.0.1:0 proxy_protocol\" }",
                new FakeImapUpstream(FakeImapUpstream.Expect.V1, serverContext(pki.server("localhost"))));
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.send(V1);
            logInAndOut(c);
        }
        assertThat(new String(upstream.header(), StandardCharsets.US_ASCII))
                .startsWith("PROXY TCP4 192.0.2.1 127.0.0.1 123 ");
    }

    private static SSLContext serverContext(TestPki.Issued certificate) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", certificate.key(), new char[0], new Certificate[] {certificate.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    @Test
    void anIpv6ClientIsSentAsTcp6WithCompressedAddresses() {
        HAProxyMessage header = ProxyProtocolWriter.header(io.postern.config.UpstreamProxyProtocol.V1,
                new InetSocketAddress("2001:db8:0:0:0:0:0:1", 40000), new InetSocketAddress("127.0.0.1", 143));
        assertThat(new String(encode(header), StandardCharsets.US_ASCII))
                .isEqualTo("PROXY TCP6 2001:db8::1 ::ffff:127.0.0.1 40000 143\r\n");
    }

    @Test
    void mixedFamiliesAreSentAsIpv6WithTheIpv4AddressMapped() {
        HAProxyMessage header = ProxyProtocolWriter.header(io.postern.config.UpstreamProxyProtocol.V1,
                new InetSocketAddress("2001:db8::1", 40000), new InetSocketAddress("127.0.0.1", 143));
        try {
            assertThat(header.proxiedProtocol()).isEqualTo(HAProxyProxiedProtocol.TCP6);
            assertThat(header.destinationAddress()).isEqualTo("::ffff:127.0.0.1");
        } finally {
            header.release();
        }
    }

    private static byte[] encode(HAProxyMessage header) {
        EmbeddedChannel channel = new EmbeddedChannel(HAProxyMessageEncoder.INSTANCE);
        channel.writeOutbound(header);
        ByteBuf encoded = channel.readOutbound();
        try {
            return ByteBufUtil.getBytes(encoded);
        } finally {
            encoded.release();
            channel.finishAndReleaseAll();
        }
    }

    private static HAProxyMessage decode(byte[] bytes) {
        EmbeddedChannel channel = new EmbeddedChannel(new HAProxyMessageDecoder());
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        HAProxyMessage message = channel.readInbound();
        assertThat(channel.finishAndReleaseAll()).isFalse();
        return message;
    }
}
