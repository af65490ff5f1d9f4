package io.postern.imap.relay;

import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;

/**
 * What the client receives: the server's messages as they are relayed, and what Postern adds
 * itself (its continuation requests for gathered literals, filters' answers, its goodbye) only
 * between two of the server's messages, never inside one being streamed: added lines wait for
 * the end of the message in progress.
 */
final class ClientOutput {

    private final PeerWriter client;
    private final ArrayDeque<ByteBuf> added = new ArrayDeque<>();
    private boolean inMessage;

    ClientOutput(PeerWriter client) {
        this.client = client;
    }

    /** Bytes of a server's message; {@code ends} when they are its last. */
    void server(ByteBuf bytes, boolean ends) {
        client.write(bytes);
        inMessage = !ends;
        if (ends) {
            while (!added.isEmpty()) {
                client.write(added.poll());
            }
        }
    }

    /** A line of Postern's own, written once no server message is in progress. */
    void add(ByteBuf line) {
        if (inMessage) {
            added.add(line);
        } else {
            client.write(line);
        }
    }

    /** How many of Postern's lines wait for the server's message in progress to end. */
    int held() {
        return added.size();
    }

    /** Whether a line written now would fall between two server messages. */
    boolean atBoundary() {
        return !inMessage;
    }

    /** Drops the lines still waiting. */
    void release() {
        while (!added.isEmpty()) {
            added.poll().release();
        }
    }
}
