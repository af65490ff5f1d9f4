package io.postern.bench.env;

import io.postern.testing.upstreams.MailUser;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Puts messages into a mailbox with IMAP APPEND, straight at Dovecot, before a scenario runs
 * (blocking I/O on the harness's own thread; no event loop involved).
 */
public final class MailboxSeeder {

    private MailboxSeeder() {
    }

    /** Appends a message of about {@code size} bytes to {@code user}'s INBOX. */
    public static void append(InetSocketAddress imap, MailUser user, int size) throws IOException {
        byte[] message = Messages.ofSize("seed", user.address(), size);
        try (Socket socket = new Socket()) {
            socket.connect(imap, 5000);
            socket.setSoTimeout(60_000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            expect(in, "* OK");
            command(out, "s1 LOGIN " + user.name() + " " + user.password());
            expect(in, "s1 OK");
            command(out, "s2 APPEND INBOX {" + message.length + "}");
            expect(in, "+");
            out.write(message);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            expect(in, "s2 OK");
            command(out, "s3 LOGOUT");
        }
    }

    private static void command(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads lines until one starts with {@code prefix}; fails on a tagged NO/BAD or EOF. */
    private static void expect(InputStream in, String prefix) throws IOException {
        while (true) {
            String line = readLine(in);
            if (line == null) {
                throw new IOException("connection closed while waiting for " + prefix);
            }
            if (line.startsWith(prefix)) {
                return;
            }
            if (!line.startsWith("* ") && !line.startsWith("+")) {
                throw new IOException("expected " + prefix + ", got: " + line);
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                return line.toString().strip();
            }
            line.append((char) b);
        }
        return null;
    }
}
