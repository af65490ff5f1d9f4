package io.postern.imap.relay;

import io.netty.buffer.ByteBuf;
import io.postern.relay.FrameDecoder;
import io.postern.relay.FramingError;
import io.postern.relay.ReadGate;
import java.util.Optional;

/**
 * What the client's and the upstream's IMAP framing share: a state machine run until a message
 * is ready or a state needs more bytes, an {@link ArgumentTokenizer}, and the
 * {@link PassThrough} that relays what is not parsed (a streamed literal and the rest of its
 * line, a raw message).
 *
 * @param <S> the subclass's states; each has one {@code decodeXxx} method
 */
abstract class ImapFraming<S extends Enum<S>> extends FrameDecoder {

    final int maxLine;
    final ArgumentTokenizer tokenizer;
    final PassThrough passThrough;
    /** Where each message starts, and where the pass-through returns to. */
    private final S start;
    /** The state in which {@link #passThrough} relays the message's bytes. */
    private final S passing;
    S state;

    /**
     * @param client whether the client's commands are framed (not the upstream's responses)
     * @param maxLine the longest line parsed, without its gathered literals' bytes
     * @param inlineLimit the most literal bytes gathered into one message
     */
    ImapFraming(ReadGate gate, boolean client, int maxLine, int inlineLimit, S start, S passing) {
        super(gate);
        if (maxLine <= 0) {
            throw new IllegalArgumentException("maxLine: " + maxLine + " (expected: > 0)");
        }
        this.maxLine = maxLine;
        this.tokenizer = new ArgumentTokenizer(client, maxLine, inlineLimit);
        this.passThrough = new PassThrough(client);
        this.start = start;
        this.passing = passing;
        this.state = start;
    }

    /**
     * Runs the current state's {@code decodeXxx}: a message, or {@code null} when it needs more
     * bytes or moved to another state. It may consume bytes and return {@code null} (skipping an
     * invalid line); the bytes of a message it has not finished stay in {@code in}, unread.
     */
    abstract Object step(ByteBuf in);

    @Override
    protected final boolean decode(ByteBuf in) {
        while (true) {
            S before = state;
            Object message = state == passing ? decodePassThrough(in) : step(in);
            if (message != null) {
                emit(message);
                return true;
            }
            if (state == before) {
                return false;
            }
        }
    }

    /** The message being relayed unparsed is dropped: so are the rest of its bytes. */
    final void discardRest() {
        if (state == passing) {
            passThrough.discard();
        }
    }

    /** The upstream refused the client's synchronizing literal announced last: its bytes will not come. */
    final void cancelLiteral() {
        if (state == passing) {
            passThrough.cancelLiteral();
            if (passThrough.done()) {
                state = start;
            }
        }
    }

    /** A framed message's head was emitted: its streamed literal, if any, is relayed next. */
    final void afterHead(Optional<LiteralMark> streamed) {
        if (streamed.isPresent()) {
            passThrough.literal(streamed.get().length());
            state = passing;
        } else {
            state = start;
        }
    }

    /** The rest of the message is relayed by {@link #passThrough}, which was told how. */
    final Object passThrough() {
        state = passing;
        return null;
    }

    private Object decodePassThrough(ByteBuf in) {
        Object message = passThrough.decode(in);
        if (message == null && passThrough.done()) {
            state = start;
        }
        if (message instanceof FramingError) {
            discardInput();
        }
        return message;
    }
}
