package io.postern.bench.target;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Waits for a freshly started proxy to serve: its greeting on a port. The greeting, not only a
 * connect, because another process could have taken a port between {@code FreePorts.pick} and
 * the proxy's bind; and the process is watched meanwhile, so that one that failed to start (a
 * port taken, a bad configuration) is reported at once with what it printed.
 */
final class Greeting {

    private static final long POLL_MILLIS = 100;

    private Greeting() {
    }

    /** Returns once {@code address} answers with a line starting with {@code prefix}. */
    static void await(Process process, InetSocketAddress address, String prefix, Duration timeout, Output output)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("exited with code " + process.exitValue() + " before serving " + address + ":\n"
                        + output.tail(30));
            }
            try (Socket socket = new Socket()) {
                socket.connect(address, 1000);
                socket.setSoTimeout(10_000);
                String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
                if (line != null && line.startsWith(prefix)) {
                    return;
                }
                throw new IOException(address + " answered \"" + line + "\", not \"" + prefix + "…\": another process has the port?");
            } catch (ConnectException e) {
                last = e;
                Thread.sleep(POLL_MILLIS);
            }
        }
        throw new IOException("no greeting on " + address + " within " + timeout + ":\n" + output.tail(30), last);
    }

    /** Where a process's output goes: a file, never a pipe, so that nothing has to read it while it runs. */
    record Output(Path file) {

        String tail(int lines) {
            try {
                // ISO-8859-1 reads any byte: a log is shown as it is, never refused as bad UTF-8
                List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
                return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
            } catch (IOException e) {
                return "(" + file + " not readable: " + e + ")";
            }
        }
    }
}
