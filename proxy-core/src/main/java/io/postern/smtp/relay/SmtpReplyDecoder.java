package io.postern.smtp.relay;

import io.netty.buffer.ByteBuf;
import io.postern.relay.FrameDecoder;
import io.postern.relay.FramingError;
import io.postern.relay.Lines;
import io.postern.relay.MessageFrame;
import io.postern.relay.ReadGate;
import io.postern.spi.smtp.SmtpReply;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts an SMTP server's output into replies, each read to its last line ({@code 250 } after
 * any number of {@code 250-}, RFC 5321 4.2.1) before it is paired with a command, so a
 * multi-line EHLO reply never answers two commands (Haraka #3020). Every line must carry the
 * reply's code, and a reply, all its lines, must fit in {@link #MAX_REPLY}; anything else ends
 * the framing.
 */
final class SmtpReplyDecoder extends FrameDecoder {

    /** The longest reply, all its lines and their endings. */
    static final int MAX_REPLY = 64 * 1024;

    private final List<String> texts = new ArrayList<>();
    /** How many bytes of the reply being read, past the reader index, are whole lines already parsed. */
    private int scanned;
    private int code = -1;

    SmtpReplyDecoder(ReadGate gate) {
        super(gate);
    }

    @Override
    protected boolean decode(ByteBuf in) {
        int start = in.readerIndex();
        while (true) {
            int from = start + scanned;
            int lf = Lines.end(in, from, MAX_REPLY - scanned);
            if (lf == Lines.TOO_LONG) {
                return fail(in, FramingError.Kind.TOO_LONG, "the upstream sent a reply longer than " + MAX_REPLY
                        + " bytes");
            }
            if (lf == Lines.INCOMPLETE) {
                return false;
            }
            String line = Lines.text(in, from, Lines.textEnd(in, from, lf));
            int lineCode = code(line);
            if (lineCode < 0 || code >= 0 && lineCode != code) {
                return fail(in, FramingError.Kind.MALFORMED, "the upstream sent a line that is not part of an SMTP reply");
            }
            code = lineCode;
            texts.add(line.length() > 4 ? line.substring(4) : "");
            scanned = lf + 1 - start;
            if (line.length() == 3 || line.charAt(3) == ' ') {
                return complete(in);
            }
        }
    }

    private boolean complete(ByteBuf in) {
        SmtpReply reply;
        try {
            reply = new SmtpReply(code, texts);
        } catch (IllegalArgumentException e) {
            return fail(in, FramingError.Kind.MALFORMED, "the upstream sent a reply with code " + code);
        }
        int length = scanned;
        texts.clear();
        code = -1;
        scanned = 0;
        emit(new MessageFrame<>(in.readRetainedSlice(length), reply, reply.code() + ", " + reply.lines().size() + " lines"));
        return true;
    }

    /** The code of {@code ddd}, {@code ddd text} or {@code ddd-text}; -1 for any other line. */
    private static int code(String line) {
        if (line.length() < 3 || line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-') {
            return -1;
        }
        for (int i = 0; i < 3; i++) {
            if (line.charAt(i) < '0' || line.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(line.substring(0, 3));
    }
}
