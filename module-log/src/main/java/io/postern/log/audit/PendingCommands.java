package io.postern.log.audit;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the audit keeps of the commands of one session still waiting for their result (when sent,
 * the bytes streamed with them), found again by the command the core pairs a result with
 * ({@code onResponse(command, response)}, SPI 1.4): the very object this filter saw in
 * {@code onCommand}. Bounded: a server that never answers cannot make it grow (the oldest is
 * forgotten, and its result is written without its verb).
 */
final class PendingCommands {

    /** Commands waiting at most: far beyond what clients pipeline. */
    static final int LIMIT = 1000;

    /** One command waiting for its result. */
    static final class Pending {
        private final Object command;
        private final String tag;
        private final String verb;
        private final Instant sent;
        private final boolean sasl;
        private long bytes = -1;

        Pending(Object command, String tag, String verb, Instant sent) {
            this.command = Objects.requireNonNull(command, "command");
            this.tag = Objects.requireNonNull(tag, "tag");
            this.verb = Objects.requireNonNull(verb, "verb");
            this.sent = Objects.requireNonNull(sent, "sent");
            this.sasl = Verbs.startsSasl(verb);
        }

        String tag() {
            return tag;
        }

        String verb() {
            return verb;
        }

        Instant sent() {
            return sent;
        }

        /** Adds streamed bytes the client sent with this command (SMTP message data). */
        void addBytes(long n) {
            bytes = Math.max(bytes, 0) + n;
        }

        /** The streamed bytes counted for this command; empty when none were streamed. */
        OptionalLong bytes() {
            return bytes < 0 ? OptionalLong.empty() : OptionalLong.of(bytes);
        }
    }

    private final ArrayDeque<Pending> queue = new ArrayDeque<>();

    /** Adds {@code command}, which was just sent; returns its entry. */
    Pending add(Object command, String tag, String verb, Instant sent) {
        if (queue.size() >= LIMIT) {
            queue.pollFirst();
        }
        Pending pending = new Pending(command, tag, verb, sent);
        queue.addLast(pending);
        return pending;
    }

    /** The entry of {@code command} (the same object), while it waits; empty for {@code null}. */
    Optional<Pending> of(Object command) {
        for (Pending pending : queue) {
            if (pending.command == command) {
                return Optional.of(pending);
            }
        }
        return Optional.empty();
    }

    /** Removes and returns the entry of {@code command}: its final result came. */
    Optional<Pending> answered(Object command) {
        for (Iterator<Pending> it = queue.iterator(); it.hasNext(); ) {
            Pending pending = it.next();
            if (pending.command == command) {
                it.remove();
                return Optional.of(pending);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a command that starts a SASL exchange ({@code AUTHENTICATE}, {@code AUTH}) is
     * waiting for its final result: what the client sends meanwhile is SASL responses.
     */
    boolean inSasl() {
        for (Pending pending : queue) {
            if (pending.sasl) {
                return true;
            }
        }
        return false;
    }
}
