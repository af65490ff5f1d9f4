package io.postern.relay;

import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The replies a pipelining client waits for, in the order it sent its commands: those the
 * upstream will give (an expectation each, {@code E}: which command, what shape of answer) and
 * those the relay gives itself (a filter's answer, a refused STARTTLS). A local answer goes to
 * the client only when every reply before it went, so refusing one command of a batch never
 * reorders the replies to the others; an action (closing after a filter's {@code Close}) runs
 * at its turn the same way.
 *
 * <p>Used on the session's event loop only.
 *
 * @param <E> what the relay remembers of a forwarded command to frame and pair its reply
 */
public final class ReplyQueue<E> {

    /** One reply in the client's order. */
    private sealed interface Entry<E> permits Awaited, Local, Action {
    }

    /** A reply the upstream owes. */
    private record Awaited<E>(E expectation) implements Entry<E> {
    }

    /** A reply the relay gives itself. */
    private record Local<E>(ByteBuf reply) implements Entry<E> {
    }

    /** Something to do once every earlier reply went out. */
    private record Action<E>(Runnable action) implements Entry<E> {
    }

    private final Deque<Entry<E>> entries = new ArrayDeque<>();
    private final Consumer<ByteBuf> client;

    /** @param client writes a local answer to the client */
    public ReplyQueue(Consumer<ByteBuf> client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** A command went upstream: its reply comes after the replies queued so far. */
    public void await(E expectation) {
        entries.addLast(new Awaited<>(Objects.requireNonNull(expectation, "expectation")));
    }

    /** A command answered locally: the answer goes now when nothing is awaited, else at its turn. */
    public void answer(ByteBuf reply) {
        if (entries.isEmpty()) {
            client.accept(reply);
        } else {
            entries.addLast(new Local<>(reply));
        }
    }

    /** Runs {@code action} now when nothing is awaited, else once every reply queued before it went. */
    public void then(Runnable action) {
        if (entries.isEmpty()) {
            action.run();
        } else {
            entries.addLast(new Action<>(action));
        }
    }

    /** The expectation of the oldest reply the upstream owes; empty when it owes none. */
    public Optional<E> head() {
        Entry<E> head = entries.peekFirst();
        return head instanceof Awaited<E> awaited ? Optional.of(awaited.expectation()) : Optional.empty();
    }

    /**
     * The upstream's reply to the head went to the client: forgets it, then sends the local
     * answers and runs the actions that were waiting behind it, up to the next awaited reply.
     *
     * @throws IllegalStateException when nothing is awaited
     */
    public E complete() {
        Entry<E> head = entries.peekFirst();
        if (!(head instanceof Awaited<E> awaited)) {
            throw new IllegalStateException("no reply is awaited");
        }
        entries.removeFirst();
        drain();
        return awaited.expectation();
    }

    /** How many replies, awaited and local, are still to go. */
    public int size() {
        return entries.size();
    }

    /** Forgets everything, releasing the local answers: the session ended. */
    public void clear() {
        for (Entry<E> entry : entries) {
            if (entry instanceof Local<E> local) {
                local.reply().release();
            }
        }
        entries.clear();
    }

    private void drain() {
        while (!entries.isEmpty() && !(entries.peekFirst() instanceof Awaited)) {
            Entry<E> next = entries.removeFirst();
            if (next instanceof Local<E> local) {
                client.accept(local.reply());
            } else {
                ((Action<E>) next).action().run();
            }
        }
    }
}
