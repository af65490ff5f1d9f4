package io.postern.engine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.postern.relay.FrameDecoder;
import java.util.ArrayList;
import java.util.List;

/**
 * A pre-login command decoder that can be held: while held it parses nothing, so what the
 * client sends stays bytes in its buffer. A protocol handler holds it when a login starts:
 * commands pipelined behind a successful login then reach the upstream unparsed (the handler
 * removes the decoder, which hands its buffer on), and after a failed one they are answered
 * in order ({@link #resume}). nginx gets the same effect by blocking its session.
 *
 * <p>The post-login relay's {@link FrameDecoder}, for the part that holds and hands bytes on:
 * past {@code maxBufferedWhileHeld} buffered bytes the decoder pauses, which stops reading
 * until resumed (a {@code ByteToMessageDecoder} would ask for more reads while nothing is
 * decoded). Subclasses emit at most what the handler may act on before the next command is
 * parsed: the handler receives each message before {@link #decodeUnheld} runs again, so it can
 * hold in time.
 */
public abstract class HoldableDecoder extends FrameDecoder {

    private final int maxBufferedWhileHeld;
    private final List<Object> out = new ArrayList<>(2);
    private boolean held;
    private boolean singleDecode;

    /**
     * @param maxBufferedWhileHeld past this many buffered bytes while held, the client is not
     *     read from until resumed (its input waits in the kernel instead of the heap)
     */
    protected HoldableDecoder(int maxBufferedWhileHeld) {
        super(null);
        this.maxBufferedWhileHeld = maxBufferedWhileHeld;
    }

    /** Decodes what it can of {@code in} into {@code out}; not called while held. */
    protected abstract void decodeUnheld(ByteBuf in, List<Object> out);

    /** Stops parsing until {@link #resume(ChannelHandlerContext)}. Call it on the event loop while handling a message. */
    public final void hold() {
        held = true;
    }

    /**
     * Parses again, starting with the bytes buffered while held, answering them through the
     * pipeline at once and then signalling read-complete so the handler flushes. Call it on
     * the event loop.
     */
    public final void resume(ChannelHandlerContext ctx) {
        if (!held) {
            return;
        }
        held = false;
        if (isPaused()) {
            resume();
        } else {
            decodeBufferedNow();
        }
    }

    /** Whether at most one message is decoded a read (for tests that take them one by one). */
    public final void setSingleDecode(boolean singleDecode) {
        this.singleDecode = singleDecode;
    }

    public final boolean isSingleDecode() {
        return singleDecode;
    }

    @Override
    protected final boolean decode(ByteBuf in) {
        if (held) {
            if (in.readableBytes() > maxBufferedWhileHeld) {
                pause();
            }
            return false;
        }
        int before = in.readableBytes();
        try {
            decodeUnheld(in, out);
        } finally {
            out.forEach(this::emit);
        }
        boolean decoded = !out.isEmpty();
        out.clear();
        return decoded ? !singleDecode : in.readableBytes() != before;
    }
}
