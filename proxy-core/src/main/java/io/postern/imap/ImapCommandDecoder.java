package io.postern.imap;

import static io.postern.imap.ImapChars.CR;
import static io.postern.imap.ImapChars.LF;
import static io.postern.imap.ImapChars.SP;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Decodes the client side of an IMAP connection before login into {@link ImapCommand},
 * {@link ImapLiteralRequest}, {@link ImapContinuation} and {@link ImapDecodeError} messages.
 *
 * <p>Grammar: {@code tag SP verb [SP arguments] CRLF} where the tag is RFC 3501's
 * {@code 1*<ASTRING-CHAR except "+">}, the verb an atom (returned upper-cased) and each argument
 * an atom (including {@code NIL}), a quoted string (only {@code \"} and {@code \\} escapes; no
 * NUL, CR or LF), a synchronizing literal {@code {n}CRLF<n bytes>}, a non-synchronizing literal
 * {@code {n+}CRLF<n bytes>} or a parenthesized list (nested at most {@value #MAX_LIST_DEPTH}
 * deep). Literal8 {@code ~{n}} is refused before login, as is a NUL in a literal. Arguments are
 * decoded with {@link io.postern.spi.WireText#decode}: UTF-8, with a byte that is not valid
 * UTF-8 kept as an escaped byte, so that a login reaches the auth server and the upstream as the
 * bytes the client sent (nginx passes them on unchanged), never replaced.
 *
 * <p>Like nginx's parser this decoder accepts a bare LF as a line end (after the command and
 * after a literal header) and extra spaces between the tag, the verb and the arguments. A CR not
 * followed by LF is an error.
 *
 * <p>Limits follow nginx's {@code imap_client_buffer}: a whole command, literal bytes and line
 * ends included, must fit in {@code maxCommandLength} bytes; otherwise the decoder emits a
 * {@code "too long command"} error with {@code mustClose} and discards everything after it. A
 * literal announced larger than what is left of the limit is refused when its header is read:
 * a synchronizing one with a plain error (no {@code +} was sent, so the client sends nothing
 * more), a non-synchronizing one with {@code mustClose} (its bytes are already on their way).
 * An invalid line is skipped to its end and answered with one error; if it ended with
 * {@code {n+}} the error says {@code mustClose} and the rest of the input is discarded.
 *
 * <p>The bytes of a command stay in the cumulation buffer until the command is complete (as in
 * nginx's buffer), except those before a synchronizing literal, which are consumed when its
 * {@link ImapLiteralRequest} is emitted. Removing this decoder between commands therefore hands
 * every unparsed byte to the next handler. Several pipelined commands are emitted by one
 * {@code decode} call, except that the decoder stops after a {@code LOGIN}, {@code AUTHENTICATE}
 * or {@code STARTTLS} command and after a continuation line (so that the handler can call
 * {@link #expectContinuation()} or {@link #hold()} before the next line is read) and, with
 * {@link #setSingleDecode(boolean) single decode}, after every message.
 *
 * <p>While {@linkplain #hold() held} the decoder parses nothing: what the client sends stays in
 * its buffer as bytes, so that commands pipelined behind a login reach the upstream unparsed
 * once the login succeeds (the handler then removes the decoder, which hands its buffer on),
 * or are answered in order after a failed login ({@link #resume(ChannelHandlerContext)}).
 *
 * <p>Not thread-safe: use it, and call {@link #expectContinuation()}, on the channel's event loop.
 */
public final class ImapCommandDecoder extends ImapLineFraming {

    /** How deeply parenthesized lists may nest. */
    public static final int MAX_LIST_DEPTH = 8;

    /** Commands after which parsing stops, so that the handler can hold the rest as bytes. */
    private static final java.util.Set<String> PAUSE_AFTER = java.util.Set.of("LOGIN", "AUTHENTICATE", "STARTTLS");

    private final LiteralHeader literal = new LiteralHeader();
    private final java.util.Set<String> verbs;

    /**
     * Creates a decoder.
     *
     * @param maxCommandLength the most bytes one command may take, literals and CRLF included
     *     (nginx's {@code imap_client_buffer}); also the limit of a continuation line
     * @throws IllegalArgumentException when {@code maxCommandLength} is not positive
     */
    public ImapCommandDecoder(int maxCommandLength) {
        this(maxCommandLength, null);
    }

    /**
     * Creates a decoder that knows which commands exist, as nginx's parser does: a command
     * with another name is invalid as soon as its name is read, so the rest of its line is
     * skipped unparsed (and a line ending in {@code {n+}} is fatal, since its literal cannot be
     * skipped safely).
     *
     * @param verbs the accepted command names, upper-case; {@code null} accepts any
     */
    public ImapCommandDecoder(int maxCommandLength, java.util.Set<String> verbs) {
        super(maxCommandLength);
        this.verbs = verbs == null ? null : java.util.Set.copyOf(verbs);
    }

    /**
     * Reads the next line as an {@link ImapContinuation} (a SASL response) instead of a command.
     * Call it on the event loop right after sending a {@code + } challenge, while handling the
     * {@code AUTHENTICATE} command or a previous continuation. Ignored after a {@code mustClose}
     * error.
     *
     * @throws IllegalStateException when part of a command has already been read
     */
    public void expectContinuation() {
        enterContinuation();
    }

    @Override
    boolean decodeCommandState(ByteBuf in, int limit, List<Object> out) {
        return switch (state) {
            case TAG -> decodeTag(in, limit);
            case VERB -> decodeVerb(in, limit, out);
            case ARGUMENT -> decodeArgument(in, out);
            case ATOM -> decodeAtom(in, limit);
            case QUOTED -> decodeQuoted(in, limit);
            case QUOTED_ESCAPE -> decodeQuotedEscape(in);
            case LITERAL_HEADER -> decodeLiteralHeader(in, limit);
            case LITERAL_HEADER_END -> decodeLiteralHeaderEnd(in, out);
            case LITERAL_DATA -> decodeLiteralData(in, limit);
            case AFTER_VALUE -> decodeAfterValue(in, out);
            case LINE_END -> decodeLineEnd(in, out);
            case SKIP_LINE, CONTINUATION, DISCARD -> throw new IllegalStateException("framing state: " + state);
        };
    }

    private boolean decodeTag(ByteBuf in, int limit) {
        int start = index;
        while (index < limit && ImapChars.isTagChar(in.getByte(index))) {
            index++;
        }
        command.append(in, start, index - start);
        if (index == limit) {
            return true;
        }
        byte b = in.getByte(index);
        if (b != SP && b != CR && b != LF) {
            return fail("invalid tag");
        }
        if (!command.hasToken()) {
            return fail("missing tag");
        }
        command.tag(command.takeAscii());
        if (b != SP) {
            return fail("missing command");
        }
        index++;
        state = State.VERB;
        return true;
    }

    private boolean decodeVerb(ByteBuf in, int limit, List<Object> out) {
        while (!command.hasToken() && index < limit && in.getByte(index) == SP) {
            index++;
        }
        int start = index;
        while (index < limit && ImapChars.isAtomChar(in.getByte(index))) {
            index++;
        }
        command.append(in, start, index - start);
        if (index == limit) {
            return true;
        }
        byte b = in.getByte(index);
        if (b != SP && b != CR && b != LF) {
            return fail("invalid command name");
        }
        if (!command.hasToken()) {
            return fail("missing command");
        }
        String verb = command.takeAscii().toUpperCase(Locale.ROOT);
        command.verb(verb);
        if (verbs != null && !verbs.contains(verb)) {
            return fail("invalid command");
        }
        if (b == SP) {
            index++;
            state = State.ARGUMENT;
            return true;
        }
        return endOfLine(b, in, out);
    }

    private boolean decodeArgument(ByteBuf in, List<Object> out) {
        byte b = in.getByte(index);
        switch (b) {
            case SP:
                index++;
                return true;
            case '"':
                index++;
                state = State.QUOTED;
                return true;
            case '{':
                index++;
                literal.start();
                state = State.LITERAL_HEADER;
                return true;
            case '(':
                if (command.depth() >= MAX_LIST_DEPTH) {
                    return fail("lists nested too deeply");
                }
                index++;
                command.openList();
                return true;
            case ')':
                return closeList();
            case CR:
            case LF:
                return endOfLine(b, in, out);
            default:
                if (!ImapChars.isArgumentAtomChar(b)) {
                    return fail("invalid character in argument");
                }
                state = State.ATOM;
                return true;
        }
    }

    private boolean decodeAtom(ByteBuf in, int limit) {
        int start = index;
        while (index < limit && ImapChars.isArgumentAtomChar(in.getByte(index))) {
            index++;
        }
        command.append(in, start, index - start);
        if (index == limit) {
            return true;
        }
        if (in.getByte(index) == '{' && command.tokenIs('~')) {
            return fail("literal8 is not allowed before login");
        }
        return addToken(ImapValue.Atom::new);
    }

    private boolean decodeQuoted(ByteBuf in, int limit) {
        int start = index;
        while (index < limit && ImapChars.isQuotedChar(in.getByte(index))) {
            index++;
        }
        command.append(in, start, index - start);
        if (index == limit) {
            return true;
        }
        byte b = in.getByte(index);
        if (b == '"') {
            index++;
            return addToken(ImapValue.Quoted::new);
        }
        if (b == '\\') {
            index++;
            state = State.QUOTED_ESCAPE;
            return true;
        }
        return fail(b == 0 ? "NUL in quoted string" : "unterminated quoted string");
    }

    private boolean decodeQuotedEscape(ByteBuf in) {
        byte b = in.getByte(index);
        if (b != '"' && b != '\\') {
            return fail("invalid escape in quoted string");
        }
        index++;
        command.append(b);
        state = State.QUOTED;
        return true;
    }

    private boolean decodeLiteralHeader(ByteBuf in, int limit) {
        while (index < limit) {
            LiteralHeader.Step step = literal.accept(in.getByte(index), maxCommandLength + 1L);
            if (step == LiteralHeader.Step.INVALID) {
                return fail("invalid literal length");
            }
            index++;
            if (step == LiteralHeader.Step.DONE) {
                state = State.LITERAL_HEADER_END;
                return true;
            }
        }
        return true;
    }

    private boolean decodeLiteralHeaderEnd(ByteBuf in, List<Object> out) {
        byte b = in.getByte(index);
        if (b == CR && !literal.crSeen) {
            literal.crSeen = true;
            index++;
            return true;
        }
        if (b != LF) {
            fail("literal header must end the line");
            tail = literal.nonSync ? NON_SYNC_TAIL : 0;
            return true;
        }
        index++;
        return startLiteralData(in, out);
    }

    /** The literal header has ended: check the size, ask for the bytes if synchronizing. */
    private boolean startLiteralData(ByteBuf in, List<Object> out) {
        long room = (long) maxCommandLength - committed - (index - in.readerIndex());
        if (literal.length >= room) {
            in.readerIndex(index);
            emit(out, new ImapDecodeError(command.tag(), "literal too large", literal.nonSync));
            if (literal.nonSync) {
                discardAll(in);
            } else {
                reset();
            }
            return true;
        }
        if (!literal.nonSync) {
            commit(in);
            emit(out, new ImapLiteralRequest(command.tag()));
        }
        literal.remaining = (int) literal.length;
        if (literal.remaining == 0) {
            command.add(new ImapValue.Literal(""));
            state = State.AFTER_VALUE;
        } else {
            state = State.LITERAL_DATA;
        }
        return true;
    }

    private boolean decodeLiteralData(ByteBuf in, int limit) {
        int n = Math.min(literal.remaining, limit - index);
        if (!literal.hasNul) {
            if (in.indexOf(index, index + n, (byte) 0) >= 0) {
                literal.hasNul = true;
            } else {
                command.append(in, index, n);
            }
        }
        index += n;
        literal.remaining -= n;
        if (literal.remaining > 0) {
            return true;
        }
        if (literal.hasNul) {
            return fail("NUL in literal");
        }
        return addToken(ImapValue.Literal::new);
    }

    private boolean decodeAfterValue(ByteBuf in, List<Object> out) {
        byte b = in.getByte(index);
        switch (b) {
            case SP:
                index++;
                state = State.ARGUMENT;
                return true;
            case ')':
                return closeList();
            case CR:
            case LF:
                return endOfLine(b, in, out);
            default:
                return fail("missing space after argument");
        }
    }

    private boolean decodeLineEnd(ByteBuf in, List<Object> out) {
        if (in.getByte(index) != LF) {
            return fail("CR without LF");
        }
        index++;
        return complete(in, out);
    }

    /** CR or LF where the command may end. */
    private boolean endOfLine(byte b, ByteBuf in, List<Object> out) {
        if (command.depth() > 0) {
            return fail("unclosed list");
        }
        index++;
        if (b == CR) {
            state = State.LINE_END;
            return true;
        }
        return complete(in, out);
    }

    private boolean closeList() {
        if (command.depth() == 0) {
            return fail("unexpected ')'");
        }
        index++;
        command.closeList();
        state = State.AFTER_VALUE;
        return true;
    }

    private boolean addToken(Function<String, ImapValue> kind) {
        command.add(kind.apply(command.takeText()));
        state = State.AFTER_VALUE;
        return true;
    }

    private boolean complete(ByteBuf in, List<Object> out) {
        ImapCommand done = command.build();
        in.readerIndex(index);
        emit(out, done);
        if (PAUSE_AFTER.contains(done.verb())) {
            pause = true;
        }
        reset();
        return true;
    }
}
