package io.postern.testing.upstreams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the local fixtures promise beyond serving mail: TLS on request, and a clean stop. */
class LocalFixturesLifecycleTest {

    @BeforeEach
    void needsLocalBinaries() {
        List<String> problems = RealServers.localProblems();
        if (!problems.isEmpty()) {
            throw RealServers.unavailable("the local Dovecot and Postfix fixtures cannot run: " + String.join("; ", problems));
        }
    }

    @Test
    void offersTlsWhenAskedAndStopsEveryProcessByPidAndDeletesItsFiles() throws Exception {
        LocalMailServers servers = LocalMailServers.start(RealServers.USERS.subList(0, 1), true);
        Path root = servers.directory();
        List<ProcessHandle> processes = new ArrayList<>();
        try {
            for (long pid : new long[] {servers.dovecot().pid(), servers.postfix().pid()}) {
                ProcessHandle master = ProcessHandle.of(pid).orElseThrow();
                processes.add(master);
                processes.addAll(master.descendants().toList());
            }
            SSLContext tls = trusting(servers.certificate().orElseThrow());
            assertThat(greeting(tls, servers.imaps().orElseThrow().port())).startsWith("* OK ");
            assertThat(greeting(tls, servers.pop3s().orElseThrow().port())).startsWith("+OK ");
        } finally {
            servers.close();
        }
        assertThat(processes).hasSizeGreaterThan(2).noneMatch(ProcessHandle::isAlive);
        assertThat(root).doesNotExist();
    }

    private static String greeting(SSLContext tls, int port) throws Exception {
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            trust.setCertificateEntry("dovecot", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
