package io.postern.imap.relay;

import io.netty.buffer.ByteBuf;
import io.postern.relay.FramedConnection;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Sends commands upstream and keeps the handshake of synchronizing literals: after a header the
 * upstream must answer with {@code +} before the literal's bytes go out, so the client's
 * decoder and reads pause until it does. That {@code +} is absorbed when Postern already
 * answered the client itself (a gathered literal, or a {@code {n+}} sent as {@code {n}}), and
 * relayed when the client is the one waiting (a streamed literal). When the upstream answers
 * the command's tagged reply instead, the rest is not sent, and the literal the client was
 * about to send is called off ({@code {n}}: it will not come) or dropped ({@code {n+}}: it is
 * already on its way).
 */
final class CommandForwarder {

    /** What follows the command's last segment when it ends with a streamed literal's header. */
    enum Then {
        /** Nothing to wait for: no literal, or one the upstream takes without {@code +}. */
        NOTHING,
        /** The client waits for the upstream's {@code +}: relay it. */
        RELAY,
        /** The client sends anyway ({@code {n+}} sent as {@code {n}}): absorb the {@code +}. */
        ABSORB
    }

    /** What becomes of the literal the client streams if the upstream refuses the command first. */
    enum Refused {
        /** No literal to stream. */
        NOTHING,
        /** A synchronizing literal: the client sends nothing once refused. */
        CANCEL_LITERAL,
        /** A non-synchronizing literal: its bytes and the rest of its line must be dropped. */
        DISCARD_LITERAL
    }

    /** What a continuation request from the upstream was for. */
    enum Continuation {
        /** A literal Postern already answered the client for: nothing to relay. */
        ABSORBED,
        /** A streamed literal the client waits to send: relay it. */
        FOR_CLIENT,
        /** No literal: a command's own continuation ({@code IDLE}, {@code AUTHENTICATE}). */
        NOT_A_LITERAL
    }

    private enum Wait { NONE, NEXT_SEGMENT, RELAY, ABSORB }

    private final FramedConnection connection;
    private final ImapCommandFraming commands;
    private final ArrayDeque<ByteBuf> segments = new ArrayDeque<>();
    private Wait wait = Wait.NONE;
    private String tag;
    private Then then = Then.NOTHING;
    private Refused refused = Refused.NOTHING;
    private boolean resumeDue;

    CommandForwarder(FramedConnection connection, ImapCommandFraming commands) {
        this.connection = connection;
        this.commands = commands;
    }

    /**
     * Sends a command: its first segment now, each of the others after the upstream's {@code +}.
     *
     * @param parts the segments; each but the last ends with a synchronizing literal's header
     */
    void send(String tag, List<ByteBuf> parts, Then then, Refused refused) {
        this.tag = tag;
        this.then = then;
        this.refused = refused;
        connection.toUpstream(parts.get(0));
        segments.addAll(parts.subList(1, parts.size()));
        afterSegment();
    }

    /**
     * A line after a streamed literal (relayed as it is) ended with another literal's header.
     *
     * @param relay whether the client waits for the {@code +} (a synchronizing header), or Postern
     *     absorbs it (a {@code {n+}} sent as {@code {n}})
     */
    void awaitLiteral(String tag, boolean relay) {
        this.tag = tag;
        this.then = Then.NOTHING;
        this.refused = relay ? Refused.CANCEL_LITERAL : Refused.DISCARD_LITERAL;
        await(relay ? Wait.RELAY : Wait.ABSORB);
    }

    /** The upstream sent {@code +}: what it was for. Sends the next segment when it was for that. */
    Continuation onContinuation() {
        return switch (wait) {
            case NEXT_SEGMENT -> {
                connection.toUpstream(segments.poll());
                afterSegment();
                yield Continuation.ABSORBED;
            }
            case RELAY -> {
                proceed();
                yield Continuation.FOR_CLIENT;
            }
            case ABSORB -> {
                proceed();
                yield Continuation.ABSORBED;
            }
            default -> Continuation.NOT_A_LITERAL;
        };
    }

    /** The upstream completed the command with {@code tag}: if it was still to answer a header, that was a refusal. */
    void onCompleted(String completedTag) {
        if (wait == Wait.NONE || !completedTag.equals(tag)) {
            return;
        }
        releaseSegments();
        if (refused == Refused.CANCEL_LITERAL) {
            commands.cancelLiteral();
        } else if (refused == Refused.DISCARD_LITERAL) {
            commands.discardRest();
        }
        proceed();
    }

    /**
     * Lets the client's decoder and reads go on after a wait ended; called once the upstream's
     * message that ended it has been handled completely, because the client's pending commands
     * are decoded (and sent) at once.
     */
    void resumeIfDue() {
        if (resumeDue) {
            resumeDue = false;
            commands.resume();
        }
    }

    void release() {
        releaseSegments();
        wait = Wait.NONE;
    }

    private void afterSegment() {
        if (!segments.isEmpty()) {
            await(Wait.NEXT_SEGMENT);
        } else if (then == Then.RELAY) {
            await(Wait.RELAY);
        } else if (then == Then.ABSORB) {
            await(Wait.ABSORB);
        } else if (wait != Wait.NONE) {
            proceed();
        }
    }

    private void await(Wait next) {
        wait = next;
        commands.pause();
        connection.upstream().flush();
    }

    private void proceed() {
        wait = Wait.NONE;
        resumeDue = true;
    }

    private void releaseSegments() {
        while (!segments.isEmpty()) {
            segments.poll().release();
        }
    }
}
