package io.postern.smtp;

import io.postern.spi.UpstreamAddress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted SMTP upstream that answers like Postfix (XCLIENT included) and records every
 * command line it receives, so tests can assert the exact sequence Postern replays.
 */
final class FakeSmtpServer implements AutoCloseable {

    static final String USER = "test@example.com";
    static final String PASSWORD = "secret";

    private final ServerSocket server;
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final boolean offersXclient;

    FakeSmtpServer(boolean offersXclient) throws IOException {
        this.offersXclient = offersXclient;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "fake-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    FakeSmtpServer() throws IOException {
        this(true);
    }

    UpstreamAddress address() {
        return new UpstreamAddress("127.0.0.1", server.getLocalPort());
    }

    /** Every command line received so far, over all connections, in order. */
    List<String> commands() {
        return List.copyOf(commands);
    }

    /** Waits until at least {@code count} command lines arrived, then returns them all. */
    List<String> awaitCommands(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (commands.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return commands();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                Thread session = new Thread(() -> serve(socket), "fake-smtp-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            // A multi-line greeting, as some servers send: the proxy must wait for its last line.
            write(out, "220-fake.example ESMTP Postfix", "220 fake.example ready");
            String line;
            while ((line = in.readLine()) != null) {
                commands.add(line);
                if (!answer(line, in, out)) {
                    return;
                }
            }
        } catch (IOException e) {
            // the peer went away
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers one command; false ends the connection. */
    private boolean answer(String line, BufferedReader in, OutputStream out) throws IOException {
        String upper = line.toUpperCase(Locale.ROOT);
        if (upper.startsWith("EHLO")) {
            List<String> lines = new ArrayList<>(List.of("250-fake.example", "250-PIPELINING", "250-SIZE 10240000"));
            if (offersXclient) {
                // An older Postfix's list, without PORT, DESTADDR and DESTPORT: the sequences then
                // carry nginx's exact XCLIENT line. SmtpUpstreamLoginTest covers the newer list,
                // and the real-server tests a real Postfix 3.
                lines.add("250-XCLIENT NAME ADDR PROTO HELO REVERSE_NAME LOGIN");
            }
            lines.add("250 8BITMIME");
            write(out, lines.toArray(String[]::new));
        } else if (upper.startsWith("HELO")) {
            write(out, "250 fake.example");
        } else if (upper.startsWith("XCLIENT")) {
            // Postfix's answer to a client outside smtpd_authorized_xclient_hosts, to which it offers no XCLIENT.
            write(out, offersXclient ? "220 fake.example ESMTP Postfix" : "550 5.7.0 Error: insufficient authorization");
        } else if (upper.startsWith("AUTH PLAIN ")) {
            String expected = Base64.getEncoder().encodeToString(("\0" + USER + "\0" + PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
            write(out, line.substring(11).equals(expected) ? "235 2.7.0 Authentication successful"
                    : "535 5.7.8 Error: authentication failed");
        } else if (upper.equals("AUTH LOGIN")) {
            write(out, "334 VXNlcm5hbWU6");
            String user = in.readLine();
            commands.add(user);
            write(out, "334 UGFzc3dvcmQ6");
            String password = in.readLine();
            commands.add(password);
            boolean good = base64(USER).equals(user) && base64(PASSWORD).equals(password);
            write(out, good ? "235 2.7.0 Authentication successful" : "535 5.7.8 Error: authentication failed");
        } else if (upper.startsWith("MAIL FROM:")) {
            write(out, line.contains("@") ? "250 2.1.0 Ok" : "501 5.1.7 Bad sender address syntax");
        } else if (upper.startsWith("RCPT TO:")) {
            write(out, line.contains("@") ? "250 2.1.5 Ok" : "501 5.1.3 Bad recipient address syntax");
        } else if (upper.equals("RSET") || upper.equals("NOOP")) {
            write(out, "250 2.0.0 Ok");
        } else if (upper.equals("DATA")) {
            write(out, "354 End data with <CR><LF>.<CR><LF>");
            String body;
            while ((body = in.readLine()) != null && !body.equals(".")) {
                commands.add(body);
            }
            write(out, "250 2.0.0 Ok: queued as 4F2B");
        } else if (upper.equals("QUIT")) {
            write(out, "221 2.0.0 Bye");
            return false;
        } else {
            write(out, "502 5.5.2 Error: command not recognized");
        }
        return true;
    }

    private static void write(OutputStream out, String... lines) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            sb.append(line).append("\r\n");
        }
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
