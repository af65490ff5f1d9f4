package io.postern.auth.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * An auth server for tests, on plain blocking sockets (one thread per connection): it
 * records each connection's raw request headers and answers from a script, a function of
 * the request, or a default.
 */
final class FakeAuthServer implements AutoCloseable {

    /**
     * One scripted answer.
     *
     * @param text the bytes to send (ISO-8859-1), or null to send nothing and wait for the
     *     client to close
     * @param close whether to close the connection after sending
     */
    record Reply(String text, boolean close) {
        static Reply keep(String text) {
            return new Reply(text, false);
        }

        static Reply close(String text) {
            return new Reply(text, true);
        }

        static Reply hang() {
            return new Reply(null, false);
        }
    }

    /** One accepted connection. */
    static final class Connection {
        final List<String> requests = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> closedByClient = new CompletableFuture<>();
    }

    static final String OK_KEEP = "HTTP/1.1 200 OK\r\nAuth-Status: OK\r\nAuth-Server: 127.0.0.1\r\n"
            + "Auth-Port: 143\r\nContent-Length: 0\r\n\r\n";

    private final ServerSocket server;
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile Function<String, Reply> responder = request -> Reply.keep(OK_KEEP);

    FakeAuthServer() throws IOException {
        this(null);
    }

    /** A server speaking TLS with {@code tls}'s key when it is not null. */
    FakeAuthServer(SSLContext tls) throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        server = tls == null ? new ServerSocket(0, 50, loopback)
                : tls.getServerSocketFactory().createServerSocket(0, 50, loopback);
        Thread acceptor = new Thread(this::accept, "fake-auth-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@code 127.0.0.1:port/mail/auth}, nginx's short form. */
    String url() {
        return "127.0.0.1:" + port() + "/mail/auth";
    }

    int port() {
        return server.getLocalPort();
    }

    /** Queues answers, used in order before the responder. */
    FakeAuthServer script(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** Answers every request not scripted. */
    FakeAuthServer respond(Function<String, Reply> responder) {
        this.responder = Objects.requireNonNull(responder);
        return this;
    }

    List<Connection> connections() {
        return connections;
    }

    /** Every request received, in order. */
    List<String> requests() {
        List<String> all = new ArrayList<>();
        connections.forEach(c -> all.addAll(c.requests));
        return all;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                Connection connection = new Connection();
                connections.add(connection);
                Thread t = new Thread(() -> serve(socket, connection), "fake-auth-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket, Connection connection) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                String request = readHeader(in);
                if (request == null) {
                    connection.closedByClient.complete(null);
                    return;
                }
                connection.requests.add(request);
                Reply reply = script.poll();
                if (reply == null) {
                    reply = responder.apply(request);
                }
                if (reply.text() == null) {
                    while (in.read() >= 0) {
                        // wait for the client to give up
                    }
                    connection.closedByClient.complete(null);
                    return;
                }
                out.write(reply.text().getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (reply.close()) {
                    return;
                }
            }
        } catch (IOException e) {
            connection.closedByClient.complete(null);
        }
    }

    /** The request header up to its empty line, or null when the client closed first. */
    private static String readHeader(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            bytes.write(b);
            byte[] a = bytes.toByteArray();
            int n = a.length;
            if (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') {
                return bytes.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
