package io.postern.imap.relay;

import io.postern.relay.ReadGate;
import io.netty.buffer.ByteBuf;
import io.postern.imap.ImapChars;
import io.postern.spi.imap.ImapArg;
import io.postern.spi.imap.ImapResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Frames what an upstream sends after login: {@link FramedResponse}s (tagged and untagged status
 * responses, continuation requests, untagged data with its arguments), and for a literal too
 * long to gather ({@code FETCH BODY[] {n}}) its {@link io.postern.relay.StreamChunk}s and the {@link RawPart}s
 * of the rest of its line.
 *
 * <p>Lenient, because the upstream is not the party to police: a line that does not parse, or
 * is longer than {@code maxLine} without its gathered literals, is still framed (by its line
 * end and, for data, a literal header ending it) and relayed as {@link RawPart}s, unseen by
 * filters. Status responses and continuation requests carry no literals.
 */
final class ImapResponseFraming extends ImapFraming<ImapResponseFraming.State> {

    enum State { START, UNTAGGED, TAG, NAME, STATUS_LINE, ARGUMENTS, PASS_THROUGH }

    private enum Kind { TAGGED, UNTAGGED, CONTINUATION }

    private static final Set<String> TAGGED_STATUS = Set.of("OK", "NO", "BAD");
    private static final Set<String> UNTAGGED_STATUS = Set.of("OK", "NO", "BAD", "BYE", "PREAUTH");

    private Kind kind;
    private int pos;
    /** Where the text of a status line begins: after its status word, or after {@code +}. */
    private int textStart;
    private String tag;
    private String status;

    /**
     * @param maxLine the longest response line parsed, without its gathered literals' bytes
     * @param inlineLimit the most literal bytes gathered into one response
     */
    ImapResponseFraming(ReadGate gate, int maxLine, int inlineLimit) {
        super(gate, false, maxLine, inlineLimit, State.START, State.PASS_THROUGH);
    }


    @Override
    Object step(ByteBuf in) {
        return switch (state) {
            case START -> decodeStart(in);
            case UNTAGGED -> decodeUntagged(in);
            case TAG -> decodeTag(in);
            case NAME -> decodeName(in);
            case STATUS_LINE -> decodeStatusLine(in);
            case ARGUMENTS -> decodeArguments(in);
            case PASS_THROUGH -> throw new IllegalStateException("the pass-through is the base's");
        };
    }

    private Object decodeStart(ByteBuf in) {
        if (!in.isReadable()) {
            return null;
        }
        tag = null;
        status = null;
        byte first = in.getByte(in.readerIndex());
        if (first == '+') {
            kind = Kind.CONTINUATION;
            pos = 1;
            textStart = 1;
            state = State.STATUS_LINE;
        } else if (first == '*') {
            kind = Kind.UNTAGGED;
            pos = 1;
            state = State.UNTAGGED;
        } else {
            kind = Kind.TAGGED;
            pos = 0;
            state = State.TAG;
        }
        return null;
    }

    private Object decodeUntagged(ByteBuf in) {
        if (in.readableBytes() < 2) {
            return null;
        }
        if (in.getByte(in.readerIndex() + 1) != ' ') {
            return raw(0, true, Optional.empty());
        }
        pos = 2;
        state = State.NAME;
        return null;
    }

    private Object decodeTag(ByteBuf in) {
        int base = in.readerIndex();
        int limit = Math.min(in.readableBytes(), maxLine);
        int stop = pos < limit ? in.forEachByte(base + pos, limit - pos, ImapChars::isTagChar) : -1;
        pos = stop < 0 ? limit : stop - base;
        if (pos == limit) {
            return limit == maxLine ? raw(0, true, Optional.empty()) : null;
        }
        if (pos == 0 || in.getByte(base + pos) != ' ') {
            return raw(0, true, Optional.empty());
        }
        tag = in.toString(base, pos, StandardCharsets.US_ASCII);
        pos++;
        state = State.NAME;
        return null;
    }

    private Object decodeName(ByteBuf in) {
        int base = in.readerIndex();
        int start = pos;
        int limit = Math.min(in.readableBytes(), maxLine);
        int stop = start < limit ? in.forEachByte(base + start, limit - start, ImapChars::isAtomChar) : -1;
        int end = stop < 0 ? limit : stop - base;
        if (end == limit) {
            return limit == maxLine ? raw(0, true, Optional.empty()) : null;
        }
        String word = in.toString(base + start, end - start, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
        byte after = in.getByte(base + end);
        boolean wordEnds = after == ' ' || after == '\r' || after == '\n';
        Set<String> statuses = kind == Kind.TAGGED ? TAGGED_STATUS : UNTAGGED_STATUS;
        if (wordEnds && statuses.contains(word)) {
            status = word;
            pos = end;
            textStart = end;
            state = State.STATUS_LINE;
        } else if (kind == Kind.UNTAGGED && end > start) {
            tokenizer.start(start);
            state = State.ARGUMENTS;
        } else {
            return raw(0, true, Optional.empty());
        }
        return null;
    }

    private Object decodeStatusLine(ByteBuf in) {
        int base = in.readerIndex();
        int limit = Math.min(in.readableBytes(), maxLine);
        int lf = in.indexOf(base + pos, base + limit, (byte) '\n');
        if (lf < 0) {
            pos = limit;
            return limit == maxLine ? raw(maxLine, false, Optional.ofNullable(tag)) : null;
        }
        int start = base + textStart;
        int textEnd = lf > start && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        String rest = in.toString(start, textEnd - start, StandardCharsets.UTF_8);
        ImapResponse response = statusResponse(rest);
        state = State.START;
        return new FramedResponse(response, in.readRetainedSlice(lf + 1 - base), Optional.empty());
    }

    /** The response of a status line (or continuation) whose status word ends just before {@code rest}. */
    private ImapResponse statusResponse(String rest) {
        String text = rest.startsWith(" ") ? rest.substring(1) : rest;
        if (kind == Kind.CONTINUATION) {
            return new ImapResponse.Continuation(text);
        }
        Optional<String> code = Optional.empty();
        int close = text.indexOf(']');
        if (text.startsWith("[") && close > 0) {
            code = Optional.of(text.substring(1, close));
            text = text.substring(close + 1);
            text = text.startsWith(" ") ? text.substring(1) : text;
        }
        return kind == Kind.TAGGED
                ? new ImapResponse.Tagged(tag, status, code, text)
                : new ImapResponse.Status(status, code, text);
    }

    private Object decodeArguments(ByteBuf in) {
        return switch (tokenizer.advance(in)) {
            case MORE -> null;
            case LINE_END -> data(in, Optional.empty());
            case STREAMED -> data(in, tokenizer.streamed());
            case INVALID, TOO_LONG -> raw(tokenizer.segmentStart(), true, Optional.empty());
            case LITERAL_REQUEST -> throw new IllegalStateException("responses have no synchronizing literals");
        };
    }

    private Object data(ByteBuf in, Optional<LiteralMark> streamed) {
        List<ImapArg> args = tokenizer.args();
        FramedResponse framed = new FramedResponse(new ImapResponse.Data(args),
                in.readRetainedSlice(tokenizer.position()), streamed);
        afterHead(streamed);
        return framed;
    }

    /** Relays the message raw from its first byte, its line scanned from {@code from}. */
    private Object raw(int from, boolean detectLiterals, Optional<String> completes) {
        passThrough.line(from, detectLiterals, completes);
        return passThrough();
    }
}
