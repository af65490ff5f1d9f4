package io.postern.imap.relay;

import io.postern.relay.ReadGate;
import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import io.postern.imap.ImapChars;
import io.postern.spi.imap.ImapArg;
import io.postern.spi.imap.ImapCommand;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Frames what a logged-in client sends: {@link FramedCommand}s ({@code tag SP verb args CRLF},
 * a {@code UID} command named with its subcommand), {@link LiteralRequest}s for the
 * synchronizing literals gathered into a command, {@link io.postern.relay.StreamChunk}s and {@link RawPart}s
 * for a streamed literal and the rest of its line, a {@link RawPart} for each continuation
 * line (the line after a server's {@code +} that no literal asked for: {@code DONE}, a SASL
 * response), and {@link InvalidCommand}s.
 *
 * <p>A command line may be {@code maxLine} bytes long ({@code imap_client_buffer}), without
 * the literals gathered into it; an invalid or longer line is skipped to its end, unread, and
 * answered {@code BAD}. When it ended with a {@code {n+}} header the literal's bytes are on
 * their way and cannot be told from commands: nothing more is read, the session must end.
 */
final class ImapCommandFraming extends ImapFraming<ImapCommandFraming.State> {

    enum State { START, TAG, ARGUMENTS, PASS_THROUGH, SKIP_LINE }

    private final LineEndLiteral skipped = new LineEndLiteral();
    private int pos;
    private String tag;
    private String invalidReason;
    private int continuationLines;
    /** The offset of the next byte the skipped line's watcher sees. */
    private int scanned;
    private final ByteProcessor skipWatcher = b -> !skipped.feed(b, scanned++);

    /**
     * @param maxLine the longest command line, without its gathered literals' bytes
     * @param inlineLimit the most literal bytes gathered into one command
     */
    ImapCommandFraming(ReadGate gate, int maxLine, int inlineLimit) {
        super(gate, true, maxLine, inlineLimit, State.START, State.PASS_THROUGH);
    }

    /** The server sent a {@code +} that no literal asked for: the client's next line answers it. */
    void expectContinuationLine() {
        continuationLines++;
    }


    @Override
    Object step(ByteBuf in) {
        return switch (state) {
            case START -> decodeStart(in);
            case TAG -> decodeTag(in);
            case ARGUMENTS -> decodeArguments(in);
            case SKIP_LINE -> decodeSkipLine(in);
            case PASS_THROUGH -> throw new IllegalStateException("the pass-through is the base's");
        };
    }

    private Object decodeStart(ByteBuf in) {
        if (!in.isReadable()) {
            return null;
        }
        if (continuationLines > 0) {
            continuationLines--;
            passThrough.line(0, false, Optional.empty());
            return passThrough();
        }
        pos = 0;
        tag = null;
        state = State.TAG;
        return null;
    }

    private Object decodeTag(ByteBuf in) {
        int base = in.readerIndex();
        int limit = Math.min(in.readableBytes(), maxLine);
        int end = pos < limit ? in.forEachByte(base + pos, limit - pos, ImapChars::isTagChar) : -1;
        pos = end < 0 ? limit : end - base;
        if (pos == limit) {
            return limit == maxLine && in.readableBytes() > maxLine ? skip(0, "line too long") : null;
        }
        if (in.getByte(base + pos) != ' ' || pos == 0) {
            return skip(0, pos == 0 ? "missing tag" : "invalid tag");
        }
        tag = in.toString(base, pos, StandardCharsets.US_ASCII);
        tokenizer.start(pos + 1);
        state = State.ARGUMENTS;
        return null;
    }

    private Object decodeArguments(ByteBuf in) {
        return switch (tokenizer.advance(in)) {
            case MORE -> null;
            case LITERAL_REQUEST -> LiteralRequest.INSTANCE;
            case LINE_END -> command(in, Optional.empty());
            case STREAMED -> command(in, tokenizer.streamed());
            case INVALID, TOO_LONG -> skip(tokenizer.segmentStart(), tokenizer.reason());
        };
    }

    private Object command(ByteBuf in, Optional<LiteralMark> streamed) {
        List<ImapArg> args = tokenizer.args();
        if (args.isEmpty() || !(args.get(0) instanceof ImapArg.Atom verb)) {
            return invalidHead(in, streamed, "missing command");
        }
        String name = verb.text();
        List<ImapArg> rest = args.subList(1, args.size());
        if (name.equalsIgnoreCase("UID") && !rest.isEmpty() && rest.get(0) instanceof ImapArg.Atom sub) {
            name = name + " " + sub.text();
            rest = rest.subList(1, rest.size());
        }
        ImapCommand command = new ImapCommand(tag, name.toUpperCase(Locale.ROOT), rest);
        FramedCommand framed = new FramedCommand(command, in.readRetainedSlice(tokenizer.position()),
                tokenizer.literals(), streamed);
        afterHead(streamed);
        return framed;
    }

    /**
     * A line that ended in a streamed literal's header but is no command: its bytes are
     * dropped; a synchronizing literal will not come, a non-synchronizing one cannot be
     * skipped safely.
     */
    private Object invalidHead(ByteBuf in, Optional<LiteralMark> streamed, String reason) {
        in.skipBytes(tokenizer.position());
        boolean mustClose = streamed.isPresent() && streamed.get().nonSync();
        closeIf(mustClose);
        return new InvalidCommand(Optional.ofNullable(tag), reason, mustClose);
    }

    /** Skips the rest of an invalid line, watching its end, from the start of its last segment. */
    private Object skip(int segmentStart, String reason) {
        pos = segmentStart;
        invalidReason = reason;
        skipped.reset();
        state = State.SKIP_LINE;
        return null;
    }

    private Object decodeSkipLine(ByteBuf in) {
        int base = in.readerIndex();
        int end = in.writerIndex();
        scanned = pos;
        int lf = pos < end - base ? in.forEachByte(base + pos, end - base - pos, skipWatcher) : -1;
        if (lf < 0) {
            // Nothing of an invalid line is kept: the watcher's state is all that matters.
            in.readerIndex(end);
            pos = 0;
            return null;
        }
        in.readerIndex(lf + 1);
        boolean mustClose = skipped.kind() != LineEndLiteral.Kind.NONE && skipped.nonSync();
        closeIf(mustClose);
        return new InvalidCommand(Optional.ofNullable(tag), invalidReason, mustClose);
    }

    /** After an invalid line: the next command, or nothing more when a literal's bytes may follow unasked. */
    private void closeIf(boolean mustClose) {
        state = State.START;
        if (mustClose) {
            discardInput();
        }
    }
}
