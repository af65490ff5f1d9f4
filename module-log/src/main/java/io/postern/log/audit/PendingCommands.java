package io.postern.log.audit;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The commands of one session still waiting for their result, oldest first, so that each
 * result is written with the command it answers. Bounded: a server that never answers cannot
 * make it grow (the oldest is forgotten, and its result is written without its verb).
 */
final class PendingCommands {

    /** Commands waiting at most: far beyond what clients pipeline. */
    static final int LIMIT = 1000;

    /** One command waiting for its result. */
    static final class Pending {
        private final String tag;
        private final String verb;
        private final Instant sent;
        private final boolean sasl;
        private long bytes = -1;

        Pending(String tag, String verb, Instant sent) {
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

    /** Adds a command that was just sent; returns its entry. */
    Pending add(String tag, String verb, Instant sent) {
        if (queue.size() >= LIMIT) {
            queue.pollFirst();
        }
        Pending pending = new Pending(tag, verb, sent);
        queue.addLast(pending);
        return pending;
    }

    /** The oldest command waiting (POP3 and SMTP answer in order). */
    Optional<Pending> oldest() {
        return Optional.ofNullable(queue.peekFirst());
    }

    /** Removes and returns the oldest command waiting. */
    Optional<Pending> removeOldest() {
        return Optional.ofNullable(queue.pollFirst());
    }

    /** Removes and returns the oldest command waiting with {@code tag} (IMAP answers by tag). */
    Optional<Pending> removeTagged(String tag) {
        for (Iterator<Pending> it = queue.iterator(); it.hasNext(); ) {
            Pending pending = it.next();
            if (pending.tag().equals(tag)) {
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
