package io.postern.engine;

import io.postern.spi.UpstreamAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A one-connection IMAP upstream on a ServerSocket that first reads what precedes its
 * greeting (a PROXY header of the expected kind, or nothing), optionally does TLS, then greets with {@code * OK},
 * accepts any LOGIN (synchronising literals included) and answers LOGOUT.
 */
final class FakeImapUpstream implements AutoCloseable {

    /** What the upstream expects before it greets. */
    enum Expect { NOTHING, V1, V2 }

    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)\\+?}$");

    private final ServerSocket server;
    private final Expect expect;
    private final CompletableFuture<byte[]> header = new CompletableFuture<>();
    private final Thread thread;
    private final SSLContext tls;

    FakeImapUpstream(Expect expect) throws IOException {
        this(expect, null);
    }

    /** @param tls when not null, TLS (as server) right after the expected header, before the greeting */
    FakeImapUpstream(Expect expect, SSLContext tls) throws IOException {
        this.tls = tls;
        this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.expect = expect;
        this.thread = new Thread(this::serve, "fake-imap-upstream");
        thread.setDaemon(true);
        thread.start();
    }

    UpstreamAddress address() {
        return new UpstreamAddress("127.0.0.1", server.getLocalPort());
    }

    /** The bytes read before the greeting (empty when none were expected). */
    byte[] header() throws Exception {
        return header.get(10, TimeUnit.SECONDS);
    }

    private void serve() {
        try (Socket plain = server.accept()) {
            plain.setSoTimeout(10_000);
            header.complete(readHeader(plain.getInputStream()));
            Socket socket = plain;
            if (tls != null) {
                SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, null, plain.getPort(), false);
                secure.setUseClientMode(false);
                secure.startHandshake();
                socket = secure;
            }
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            out.write("* OK fake ready\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String line;
            while ((line = readLine(in)) != null) {
                StringBuilder command = new StringBuilder(line);
                Matcher literal = LITERAL.matcher(line);
                while (literal.find()) {
                    if (!line.endsWith("+}")) {
                        out.write("+ go ahead\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    command.append(new String(in.readNBytes(Integer.parseInt(literal.group(1))),
                            StandardCharsets.UTF_8));
                    line = readLine(in);
                    command.append(line);
                    literal = LITERAL.matcher(line);
                }
                String tag = command.substring(0, command.indexOf(" "));
                String rest = command.substring(tag.length() + 1).toUpperCase();
                if (rest.startsWith("LOGOUT")) {
                    out.write(("* BYE fake\r\n" + tag + " OK LOGOUT completed\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    return;
                }
                out.write((tag + " OK " + rest.split(" ")[0] + " completed\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            header.completeExceptionally(e);
        }
    }

    private byte[] readHeader(InputStream in) throws IOException {
        switch (expect) {
            case V1:
                return (readLine(in) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            case V2:
                byte[] fixed = in.readNBytes(16);
                int length = ((fixed[14] & 0xff) << 8) | (fixed[15] & 0xff);
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                all.writeBytes(fixed);
                all.writeBytes(in.readNBytes(length));
                return all.toByteArray();
            default:
                return new byte[0];
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.UTF_8);
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
