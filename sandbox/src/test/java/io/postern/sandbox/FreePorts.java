package io.postern.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Ports nothing listens on right now, so tests never collide with a running Postern. */
final class FreePorts {

    private FreePorts() {
    }

    static int[] take(int count) {
        final ServerSocket[] sockets = new ServerSocket[count];
        try {
            // All open at once, so the same port is not handed out twice.
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0);
            }
            final int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // nothing to do: the port is released either way
                    }
                }
            }
        }
    }

    /** The mail-block settings of a sandbox on these ports. */
    static String sandboxOn(int[] ports, String extra) {
        return "sandbox = on\nsandbox_imap_port = " + ports[0] + "\nsandbox_pop3_port = " + ports[1]
                + "\nsandbox_smtp_port = " + ports[2] + "\n" + extra;
    }
}
