package io.postern.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A raw-socket client for byte-exact protocol tests, driven by scripts of {@code C:} and
 * {@code S:} lines (STYLE.md's protocol scripts): {@code C: a1 LOGIN bob secret} sends the
 * text and CRLF; {@code S: a1 OK .*} reads one line and matches it as a regular expression;
 * {@code C| ...} sends without waiting, so several {@code C|} lines then a {@code C:} go out
 * as one write (pipelining); {@code S: <closed>} expects the server to close the connection.
 * Lines starting with {@code #} are comments. The same format serves IMAP, POP3 and SMTP.
 */
public final class ScriptClient implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 10_000;

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    public ScriptClient(InetSocketAddress address) throws IOException {
        this(connect(address));
    }

    /** A client over a socket the test connected itself (from a chosen local address, say). */
    public ScriptClient(Socket connected) throws IOException {
        socket = connected;
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** A client speaking TLS from the first byte, with SNI {@code serverName}. */
    public static ScriptClient tls(InetSocketAddress address, SSLContext context, String serverName) throws IOException {
        ScriptClient client = new ScriptClient(address);
        client.startTls(context, serverName);
        return client;
    }

    /**
     * Switches the connection to TLS (after STARTTLS, or at once for a listener with ssl),
     * sending {@code serverName} with SNI, and completes the handshake.
     */
    public ScriptClient startTls(SSLContext context, String serverName) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, serverName,
                socket.getPort(), true);
        tls.setUseClientMode(true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(serverName)));
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        socket = tls;
        in = tls.getInputStream();
        out = tls.getOutputStream();
        return this;
    }

    /** The TLS socket once {@link #startTls} ran. */
    public SSLSocket tlsSocket() {
        return (SSLSocket) socket;
    }

    private static Socket connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.connect(address, TIMEOUT_MILLIS);
        return socket;
    }

    /** Runs a script; fails the test at the first line that does not match. */
    public ScriptClient run(String script) throws IOException {
        int number = 0;
        for (String line : script.split("\n", -1)) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.startsWith("C|")) {
                queue(rest(trimmed) + "\r\n");
            } else if (trimmed.startsWith("C:")) {
                send(rest(trimmed) + "\r\n");
            } else if (trimmed.startsWith("S:")) {
                expect(number, rest(trimmed));
            } else {
                throw new IllegalArgumentException("script line " + number + ": expected C:, C| or S: but got " + line);
            }
        }
        return this;
    }

    private static String rest(String line) {
        String rest = line.substring(2);
        return rest.startsWith(" ") ? rest.substring(1) : rest;
    }

    private void expect(int number, String regex) throws IOException {
        if (regex.equals("<closed>")) {
            expectClosed();
            return;
        }
        String received = readLine();
        if (received == null) {
            fail("script line " + number + ": expected /" + regex + "/ but the server closed the connection");
        }
        if (!Pattern.compile(regex, Pattern.DOTALL).matcher(received).matches()) {
            fail("script line " + number + ": expected /" + regex + "/ but got \"" + received + "\"");
        }
    }

    /** Queues bytes to go out with the next {@link #send}. */
    public ScriptClient queue(String text) {
        pending.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Sends the queued bytes and {@code text} in one write. */
    public ScriptClient send(String text) throws IOException {
        queue(text);
        out.write(pending.toByteArray());
        out.flush();
        pending.reset();
        return this;
    }

    /** Sends raw bytes as they are. */
    public ScriptClient sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** One line without its CRLF, or {@code null} at the end of the stream. */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    /** One byte, or -1 at the end of the stream. */
    public int read() throws IOException {
        return in.read();
    }

    /** How long a read waits before it throws {@link SocketTimeoutException} (10 s unless set). */
    public ScriptClient setReadTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
        return this;
    }

    /** Reads exactly {@code n} bytes. */
    public byte[] readBytes(int n) throws IOException {
        return in.readNBytes(n);
    }

    /** Asserts the server closes the connection without sending anything more. */
    public void expectClosed() throws IOException {
        try {
            int b = in.read();
            assertThat(b).as("expected the server to close the connection, but it sent more").isEqualTo(-1);
        } catch (SocketTimeoutException e) {
            fail("expected the server to close the connection, but it stayed open");
        } catch (IOException e) {
            // a reset also counts as closed
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
