package io.postern.relay;

import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The replies a pipelining client waits for, in the order it sent its commands: those the
 * upstream will give (an expectation each, {@code E}: which command as each filter saw it, what
 * shape of answer) and those the relay gives itself (a filter's answer, a refused STARTTLS). A
 * local answer goes to the client only when every reply before it went, so refusing one command
 * of a batch never reorders the replies to the others; an action (closing after a filter's
 * {@code Close}) runs at its turn the same way.
 *
 * <p>Pairing: POP3 and SMTP servers answer in order, so their replies complete the
 * {@linkplain #head() head} ({@link #complete()}); an IMAP server may complete pipelined commands
 * in any order, so its tagged replies complete the command with their tag
 * ({@link #complete(Predicate)}), and its untagged ones belong to the head, the oldest command
 * still waiting.
 *
 * <p>Used on the session's event loop only.
 *
 * @param <E> what the relay remembers of a forwarded command to frame and pair its reply
 */
public final class ReplyQueue<E> {

    /** One reply in the client's order. */
    private sealed interface Entry<E> permits Awaited, Local, Action {
    }

    /** A reply the upstream owes; {@code done} once given while an earlier one is still owed. */
    private static final class Awaited<E> implements Entry<E> {
        final E expectation;
        boolean done;

        Awaited(E expectation) {
            this.expectation = expectation;
        }
    }

    /** A reply the relay gives itself. */
    private record Local<E>(ByteBuf reply) implements Entry<E> {
    }

    /** Something to do once every earlier reply went out. */
    private record Action<E>(Runnable action) implements Entry<E> {
    }

    private final Deque<Entry<E>> entries = new ArrayDeque<>();
    private final Consumer<ByteBuf> client;
    private int localHeld;

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
            localHeld++;
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

    /** The expectation of the oldest reply the upstream still owes; empty when it owes none. */
    public Optional<E> head() {
        for (Entry<E> entry : entries) {
            if (entry instanceof Awaited<E> awaited && !awaited.done) {
                return Optional.of(awaited.expectation);
            }
        }
        return Optional.empty();
    }

    /** The oldest expectation still owed that {@code which} accepts (an IMAP tag's command). */
    public Optional<E> find(Predicate<? super E> which) {
        for (Entry<E> entry : entries) {
            if (entry instanceof Awaited<E> awaited && !awaited.done && which.test(awaited.expectation)) {
                return Optional.of(awaited.expectation);
            }
        }
        return Optional.empty();
    }

    /**
     * The upstream's reply to the head went to the client: forgets it, then sends the local
     * answers and runs the actions that were waiting behind it, up to the next awaited reply.
     *
     * @throws IllegalStateException when nothing is awaited
     */
    public E complete() {
        return complete(expectation -> true).orElseThrow(() -> new IllegalStateException("no reply is awaited"));
    }

    /**
     * The upstream's reply to the oldest owed command {@code which} accepts went to the client:
     * marks it given, and when nothing before it is still owed, sends what waited behind it.
     *
     * @return its expectation; empty when none is owed (a tag the client never sent)
     */
    public Optional<E> complete(Predicate<? super E> which) {
        for (Entry<E> entry : entries) {
            if (entry instanceof Awaited<E> awaited && !awaited.done && which.test(awaited.expectation)) {
                awaited.done = true;
                drain();
                return Optional.of(awaited.expectation);
            }
        }
        return Optional.empty();
    }

    /** How many replies, awaited and local, are still to go. */
    public int size() {
        return entries.size();
    }

    /** How many local answers wait for their turn. */
    public int heldAnswers() {
        return localHeld;
    }

    /** Forgets everything, releasing the local answers: the session ended. */
    public void clear() {
        for (Entry<E> entry : entries) {
            if (entry instanceof Local<E> local) {
                local.reply().release();
            }
        }
        entries.clear();
        localHeld = 0;
    }

    private void drain() {
        while (!entries.isEmpty()) {
            Entry<E> next = entries.peekFirst();
            if (next instanceof Awaited<E> awaited) {
                if (!awaited.done) {
                    return;
                }
                entries.removeFirst();
            } else if (next instanceof Local<E> local) {
                entries.removeFirst();
                localHeld--;
                client.accept(local.reply());
            } else {
                entries.removeFirst();
                ((Action<E>) next).action().run();
            }
        }
    }
}
