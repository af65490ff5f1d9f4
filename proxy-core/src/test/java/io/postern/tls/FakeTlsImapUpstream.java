package io.postern.tls;

import io.postern.spi.UpstreamAddress;
import io.postern.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A minimal IMAP server with a certificate of its own, over TLS from the first byte or with
 * STARTTLS: greeting, STARTTLS, LOGIN with literals, NOOP and LOGOUT. It records what it
 * received and whether TLS was up, so tests can tell that nothing went in plain text.
 */
final class FakeTlsImapUpstream implements AutoCloseable {

    private final ServerSocket server;
    private final SSLContext context;
    private final boolean implicit;
    final List<String> received = new CopyOnWriteArrayList<>();
    volatile boolean loginOverTls;

    FakeTlsImapUpstream(TestPki.Issued certificate, boolean implicit) throws Exception {
        this.implicit = implicit;
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", certificate.key(), new char[0], new X509Certificate[] {certificate.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(this::acceptLoop, "fake-tls-imap");
        thread.setDaemon(true);
        thread.start();
    }

    UpstreamAddress address() {
        return new UpstreamAddress("127.0.0.1", server.getLocalPort());
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread session = new Thread(() -> serve(socket), "fake-tls-imap-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket plain) {
        try (Socket ignored = plain) {
            Socket socket = implicit ? upgrade(plain) : plain;
            socket.setSoTimeout(10_000);
            write(socket, "* OK fake upstream ready");
            dialogue(socket);
        } catch (IOException e) {
            received.add("<" + e.getClass().getSimpleName() + ">");
        }
    }

    private void dialogue(Socket socket) throws IOException {
        String line;
        while ((line = readLine(socket.getInputStream())) != null) {
            received.add(line);
            String[] parts = line.split(" ", 3);
            String verb = parts.length > 1 ? parts[1].toUpperCase() : "";
            if (verb.equals("STARTTLS") && !(socket instanceof SSLSocket)) {
                write(socket, parts[0] + " OK begin TLS now");
                socket = upgrade(socket);
            } else if (verb.equals("LOGIN")) {
                write(socket, "+ go ahead");
                received.add(readLine(socket.getInputStream()));
                write(socket, "+ go ahead");
                readLine(socket.getInputStream()); // the password, never recorded
                loginOverTls = socket instanceof SSLSocket;
                write(socket, parts[0] + " OK LOGIN completed");
            } else if (verb.equals("LOGOUT")) {
                write(socket, "* BYE");
                write(socket, parts[0] + " OK done");
                return;
            } else {
                write(socket, parts[0] + " OK done");
            }
        }
    }

    private SSLSocket upgrade(Socket socket) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
        tls.setUseClientMode(false);
        tls.startHandshake();
        return tls;
    }

    private static void write(Socket socket, String line) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
