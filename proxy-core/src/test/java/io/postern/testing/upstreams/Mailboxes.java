package io.postern.testing.upstreams;

import io.postern.spi.UpstreamAddress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Looks into a user's mailbox straight at Dovecot, bypassing Postern: how a test waits for
 * Postfix's asynchronous delivery before it reads the message through Postern.
 */
public final class Mailboxes {

    private Mailboxes() {
    }

    /**
     * Polls the user's message count over POP3 until it reaches {@code expected} or
     * {@code timeout} passes; returns the last count seen.
     */
    public static int awaitPop3Count(UpstreamAddress pop3, MailUser user, int expected, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int count = pop3Count(pop3, user);
        while (count < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
            count = pop3Count(pop3, user);
        }
        return count;
    }

    /** The number of messages in the user's INBOX (POP3 STAT). */
    public static int pop3Count(UpstreamAddress pop3, MailUser user) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(pop3.host(), pop3.port()), 5000);
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            expectOk(in.readLine(), "greeting");
            out.write(("USER " + user.name() + "\r\n").getBytes(StandardCharsets.UTF_8));
            expectOk(in.readLine(), "USER");
            out.write(("PASS " + user.password() + "\r\n").getBytes(StandardCharsets.UTF_8));
            expectOk(in.readLine(), "PASS");
            out.write("STAT\r\nQUIT\r\n".getBytes(StandardCharsets.UTF_8));
            String stat = in.readLine();
            expectOk(stat, "STAT");
            return Integer.parseInt(stat.split(" ")[1]);
        }
    }

    private static void expectOk(String line, String what) throws IOException {
        if (line == null || !line.startsWith("+OK")) {
            throw new IOException("POP3 " + what + ": " + line);
        }
    }
}
