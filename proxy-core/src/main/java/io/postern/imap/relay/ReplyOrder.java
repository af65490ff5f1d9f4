package io.postern.imap.relay;

import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;

/**
 * Keeps the answers Postern gives itself (a filter's answer, {@code BAD} to an invalid
 * command) in the client's order: an answer to a command waits until every command forwarded
 * before it has had its tagged reply. The server's own replies are never held back; a server
 * may complete pipelined commands in any order.
 */
final class ReplyOrder {

    private final ClientOutput output;
    /** Forwarded commands still without their tagged reply ({@link Pending}), and the answers behind them. */
    private final ArrayDeque<Object> queue = new ArrayDeque<>();

    ReplyOrder(ClientOutput output) {
        this.output = output;
    }

    /** A command with {@code tag} went upstream. */
    void forwarded(String tag) {
        queue.add(new Pending(tag));
    }

    /** Postern's answer to the command the client sent last. */
    void answer(ByteBuf answer) {
        if (queue.isEmpty()) {
            output.add(answer);
        } else {
            queue.add(answer);
        }
    }

    /** The upstream completed the (first outstanding) command with {@code tag}. */
    void completed(String tag) {
        for (Object entry : queue) {
            if (entry instanceof Pending pending && !pending.done && pending.tag.equals(tag)) {
                pending.done = true;
                break;
            }
        }
        while (!queue.isEmpty()) {
            Object head = queue.peek();
            if (head instanceof Pending pending) {
                if (!pending.done) {
                    return;
                }
                queue.poll();
            } else {
                output.add((ByteBuf) queue.poll());
            }
        }
    }

    /** How many answers wait for earlier commands' tagged replies. */
    int held() {
        return (int) queue.stream().filter(ByteBuf.class::isInstance).count();
    }

    void release() {
        for (Object entry : queue) {
            if (entry instanceof ByteBuf answer) {
                answer.release();
            }
        }
        queue.clear();
    }

    private static final class Pending {
        final String tag;
        boolean done;

        Pending(String tag) {
            this.tag = tag;
        }
    }
}
