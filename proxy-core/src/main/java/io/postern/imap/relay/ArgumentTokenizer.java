package io.postern.imap.relay;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import io.postern.spi.imap.ImapArg;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the arguments of a command or of an untagged data response (RFC 9051's grammar, read
 * leniently) into {@link ImapArg}s, resumably: the message's bytes stay in the buffer, from its
 * reader index, until the message is complete, and positions count from there.
 *
 * <ul>
 *   <li>An atom is a run of bytes other than space, CR, LF, NUL, {@code ( ) " {}; inside
 *       {@code [...]} spaces, parentheses and quotes are part of it
 *       ({@code BODY[HEADER.FIELDS (FROM TO)]<0.100>}). Bytes from 0x80 are read as UTF-8.</li>
 *   <li>A quoted string may hold any byte but CR, LF and NUL; a backslash escapes the next.</li>
 *   <li>A literal {@code {n}}, {@code ~{n}} (literal8) and, from clients only, {@code {n+}} /
 *       {@code ~{n+}}: its bytes are counted, never scanned for lines. One up to what is left
 *       of the inline limit joins the message ({@link ImapArg.Literal}); a longer one ends it
 *       ({@link ImapArg.Streamed}), inside the lists open at that point, and its bytes are the
 *       {@link PassThrough}'s business.</li>
 *   <li>Lists nest at most {@link #MAX_DEPTH} deep.</li>
 * </ul>
 *
 * <p>The line, without the bytes of the literals gathered into it, may be at most
 * {@code maxLine} bytes long, line end included.
 */
final class ArgumentTokenizer {

    /** How deeply lists may nest (a BODYSTRUCTURE nests one level per MIME level). */
    static final int MAX_DEPTH = 64;

    /** What {@link #advance} found. */
    enum Result {
        /** More bytes are needed. */
        MORE,
        /** A client's synchronizing literal is to be gathered: the client waits for a continuation request. */
        LITERAL_REQUEST,
        /** The line ended; the arguments are complete. */
        LINE_END,
        /** A literal too long to gather ends the message. */
        STREAMED,
        /** The line is not valid; see {@link #reason()}. */
        INVALID,
        /** The line is longer than allowed. */
        TOO_LONG
    }

    private enum State {
        ARGUMENT, ATOM, QUOTED, QUOTED_ESCAPE, LITERAL_LENGTH, LITERAL_LINE_END, LITERAL_DATA, AFTER_VALUE, LINE_FEED
    }

    private final boolean fromClient;
    private final int maxLine;
    private final long inlineLimit;
    private final ArgumentList args = new ArgumentList();
    private final List<LiteralMark> literals = new ArrayList<>();
    private State state = State.ARGUMENT;
    private int pos;
    private int segmentStart;
    private int tokenStart;
    private int bracketDepth;
    private long gathered;
    private LiteralHeader header;
    private long remaining;
    private LiteralMark pending;
    private LiteralMark streamed;
    private String reason = "";
    private final ByteProcessor scanner = this::scan;
    private ByteBuf buffer;
    private int bufferBase;
    private Result result;

    /**
     * @param fromClient reads a client's commands: {@code {n+}} is allowed, a NUL in a gathered
     *     literal that is not a literal8 is invalid, and a gathered synchronizing literal asks for a
     *     continuation request
     * @param maxLine the longest line, without gathered literals' bytes
     * @param inlineLimit the most literal bytes gathered into one message
     */
    ArgumentTokenizer(boolean fromClient, int maxLine, long inlineLimit) {
        this.fromClient = fromClient;
        this.maxLine = maxLine;
        this.inlineLimit = inlineLimit;
    }

    /** Starts a message whose arguments begin at {@code from}. */
    void start(int from) {
        literals.clear();
        args.clear();
        state = State.ARGUMENT;
        pos = from;
        segmentStart = 0;
        gathered = 0;
        pending = null;
        streamed = null;
        reason = "";
    }

    /** Reads on from where it stopped; {@code in}'s reader index is the message's first byte. */
    Result advance(ByteBuf in) {
        int base = in.readerIndex();
        int available = in.writerIndex() - base;
        while (true) {
            if (state == State.LITERAL_DATA) {
                int n = (int) Math.min(remaining, available - pos);
                pos += n;
                remaining -= n;
                if (remaining > 0) {
                    return Result.MORE;
                }
                Result result = literalRead(in, base);
                if (result != null) {
                    return result;
                }
                continue;
            }
            long limit = Math.min(available, gathered + maxLine);
            if (pos >= limit) {
                if (pos < available) {
                    reason = "line too long";
                    return Result.TOO_LONG;
                }
                return Result.MORE;
            }
            // One pass over the bytes (not a getByte each: a leak-tracking buffer records every access).
            buffer = in;
            bufferBase = base;
            result = null;
            in.forEachByte(base + pos, (int) limit - pos, scanner);
            buffer = null;
            if (result != null) {
                return result;
            }
        }
    }

    /**
     * Runs one state on the byte at {@link #pos}; false to stop the pass: when a result is in,
     * when the state did not consume the byte (the next pass starts again at {@link #pos}), or
     * when literal data begins.
     */
    private boolean scan(byte b) {
        int at = pos;
        Result stepResult = step(buffer, bufferBase, b);
        if (stepResult != null) {
            result = stepResult;
            return false;
        }
        return pos == at + 1 && state != State.LITERAL_DATA;
    }

    /** Where the next byte is read. */
    int position() {
        return pos;
    }

    /** Where the current line segment began: the message's start, or just after a gathered literal. */
    int segmentStart() {
        return segmentStart;
    }

    /** The arguments read, once the line ended or a streamed literal ended the message. */
    List<ImapArg> args() {
        return args.args();
    }

    /** The headers of the literals gathered into the message. */
    List<LiteralMark> literals() {
        return List.copyOf(literals);
    }

    /** The header of the literal that ended the message, after {@link Result#STREAMED}. */
    Optional<LiteralMark> streamed() {
        return Optional.ofNullable(streamed);
    }

    /** Why the line is invalid or too long. */
    String reason() {
        return reason;
    }

    private Result step(ByteBuf in, int base, byte b) {
        return switch (state) {
            case ARGUMENT -> argument(b);
            case ATOM -> atom(in, base, b);
            case QUOTED -> quoted(in, base, b);
            case QUOTED_ESCAPE -> quotedEscape(b);
            case LITERAL_LENGTH -> literalLength(b);
            case LITERAL_LINE_END -> literalLineEnd(b);
            case AFTER_VALUE -> afterValue(b);
            case LINE_FEED -> b == '\n' ? lineEnd() : invalid("CR without LF");
            case LITERAL_DATA -> throw new IllegalStateException("literal data is read in bulk");
        };
    }

    private Result argument(byte b) {
        switch (b) {
            case ' ':
                pos++;
                return null;
            case '(':
                if (args.depth() >= MAX_DEPTH) {
                    return invalid("lists nested too deeply");
                }
                args.open();
                pos++;
                return null;
            case ')':
                return closeList();
            case '"':
                tokenStart = pos++;
                state = State.QUOTED;
                return null;
            case '{':
                return openLiteral(pos, false);
            case '\r':
                pos++;
                state = State.LINE_FEED;
                return null;
            case '\n':
                return lineEnd();
            case 0:
                return invalid("NUL outside a literal");
            default:
                tokenStart = pos;
                bracketDepth = 0;
                state = State.ATOM;
                return null;
        }
    }

    private Result atom(ByteBuf in, int base, byte b) {
        if (bracketDepth > 0) {
            if (b == '\r' || b == '\n' || b == 0 || b == '{') {
                return invalid("unterminated '['");
            }
            bracketDepth += b == '[' ? 1 : b == ']' ? -1 : 0;
            pos++;
            return null;
        }
        switch (b) {
            case ' ':
            case '\r':
            case '\n':
            case ')':
                args.add(new ImapArg.Atom(in.toString(base + tokenStart, pos - tokenStart, StandardCharsets.UTF_8)));
                state = State.AFTER_VALUE;
                return null;
            case '[':
                bracketDepth++;
                pos++;
                return null;
            case '{':
                if (pos - tokenStart == 1 && in.getByte(base + tokenStart) == '~') {
                    return openLiteral(tokenStart, true);
                }
                return invalid("'{' inside an atom");
            case '(':
            case '"':
            case 0:
                return invalid("invalid character in an atom");
            default:
                pos++;
                return null;
        }
    }

    private Result quoted(ByteBuf in, int base, byte b) {
        switch (b) {
            case '"':
                args.add(new ImapArg.Quoted(unquote(in, base + tokenStart + 1, base + pos)));
                pos++;
                state = State.AFTER_VALUE;
                return null;
            case '\\':
                pos++;
                state = State.QUOTED_ESCAPE;
                return null;
            case '\r':
            case '\n':
                return invalid("unterminated quoted string");
            case 0:
                return invalid("NUL in a quoted string");
            default:
                pos++;
                return null;
        }
    }

    private Result quotedEscape(byte b) {
        if (b == '\r' || b == '\n' || b == 0) {
            return invalid("invalid escape in a quoted string");
        }
        pos++;
        state = State.QUOTED;
        return null;
    }

    private Result openLiteral(int start, boolean binary) {
        header = new LiteralHeader(start, binary);
        pos++;
        state = State.LITERAL_LENGTH;
        return null;
    }

    private Result literalLength(byte b) {
        if (b >= '0' && b <= '9' && !header.nonSync) {
            if (++header.digits > LineEndLiteral.MAX_DIGITS) {
                return invalid("literal length too large");
            }
            header.length = header.length * 10 + (b - '0');
        } else if (b == '+' && header.digits > 0 && !header.nonSync) {
            if (!fromClient) {
                return invalid("a non-synchronizing literal in a response");
            }
            header.nonSync = true;
        } else if (b == '}' && header.digits > 0) {
            header.brace = pos;
            state = State.LITERAL_LINE_END;
        } else {
            return invalid("invalid literal length");
        }
        pos++;
        return null;
    }

    private Result literalLineEnd(byte b) {
        if (b == '\r' && !header.cr) {
            header.cr = true;
            pos++;
            return null;
        }
        if (b != '\n') {
            return invalid("a literal's header must end its line");
        }
        pos++;
        LiteralMark mark = new LiteralMark(header.start, header.brace, pos, header.length, header.binary, header.nonSync);
        if (mark.length() <= inlineLimit - gathered) {
            pending = mark;
            remaining = mark.length();
            state = State.LITERAL_DATA;
            return fromClient && !mark.nonSync() ? Result.LITERAL_REQUEST : null;
        }
        streamed = mark;
        args.add(new ImapArg.Streamed(mark.length(), mark.binary()));
        args.closeAll();
        return Result.STREAMED;
    }

    private Result literalRead(ByteBuf in, int base) {
        int start = pending.headerEnd();
        int length = (int) pending.length();
        segmentStart = pos;
        if (fromClient && !pending.binary() && in.indexOf(base + start, base + start + length, (byte) 0) >= 0) {
            return invalid("NUL in a literal");
        }
        byte[] bytes = new byte[length];
        in.getBytes(base + start, bytes);
        args.add(new ImapArg.Literal(bytes, pending.binary()));
        literals.add(pending);
        gathered += length;
        pending = null;
        state = State.AFTER_VALUE;
        return null;
    }

    private Result afterValue(byte b) {
        switch (b) {
            case ' ':
                pos++;
                state = State.ARGUMENT;
                return null;
            case ')':
                return closeList();
            case '\r':
                pos++;
                state = State.LINE_FEED;
                return null;
            case '\n':
                return lineEnd();
            default:
                return invalid("missing space after an argument");
        }
    }

    private Result closeList() {
        if (!args.close()) {
            return invalid("unexpected ')'");
        }
        pos++;
        state = State.AFTER_VALUE;
        return null;
    }

    private Result lineEnd() {
        if (args.depth() > 0) {
            return invalid("unclosed list");
        }
        pos++;
        return Result.LINE_END;
    }

    private Result invalid(String why) {
        reason = why;
        return Result.INVALID;
    }

    private static String unquote(ByteBuf in, int from, int to) {
        ByteArrayOutputStream text = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = in.getByte(i);
            if (b == '\\') {
                b = in.getByte(++i);
            }
            text.write(b);
        }
        return text.toString(StandardCharsets.UTF_8);
    }
}
