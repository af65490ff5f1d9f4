package io.postern.relay;

import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * What the client receives: the server's messages as they are relayed, and what Postern adds
 * itself (an IMAP continuation request for a gathered literal, a filter's answer, a refusal, its
 * goodbye) only between two of the server's messages, never inside one being streamed (a FETCH
 * literal, a RETR body): added lines wait for the end of the message in progress.
 */
final class ProxyOutput {

    private final Consumer<ByteBuf> relayed;
    private final Consumer<ByteBuf> own;
    private final ArrayDeque<ByteBuf> added = new ArrayDeque<>();
    private boolean inMessage;

    /**
     * @param relayed writes the server's bytes to the client
     * @param own writes Postern's own lines to the client
     */
    ProxyOutput(Consumer<ByteBuf> relayed, Consumer<ByteBuf> own) {
        this.relayed = relayed;
        this.own = own;
    }

    /** Bytes of a server's message; {@code ends} when they are its last. */
    void server(ByteBuf bytes, boolean ends) {
        relayed.accept(bytes);
        inMessage = !ends;
        if (ends) {
            while (!added.isEmpty()) {
                own.accept(added.poll());
            }
        }
    }

    /** A line of Postern's own, written once no server message is in progress. */
    void add(ByteBuf line) {
        if (inMessage) {
            added.add(line);
        } else {
            own.accept(line);
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
