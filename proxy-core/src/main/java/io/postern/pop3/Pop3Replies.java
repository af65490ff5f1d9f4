package io.postern.pop3;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The POP3 lines Postern writes itself before login, in nginx's words. */
final class Pop3Replies {

    static final String OK = "+OK";
    static final String GREETING = "+OK POP3 ready";
    static final String INVALID_COMMAND = "-ERR invalid command";
    static final String INTERNAL_ERROR = "-ERR internal server error";
    /** Postern's answer to a SASL exchange the client cancelled with {@code *} (nginx has none). */
    static final String CANCELLED = "-ERR authentication cancelled";
    static final String CAPA_STATUS = "+OK Capability list follows";
    static final String AUTH_STATUS = "+OK methods supported:";

    private Pop3Replies() {
    }

    static ByteBuf line(ChannelHandlerContext ctx, String text) {
        ByteBuf out = ctx.alloc().buffer(text.length() + 2);
        out.writeCharSequence(text, StandardCharsets.UTF_8);
        out.writeByte('\r').writeByte('\n');
        return out;
    }

    /**
     * A multi-line answer (RFC 1939 3): the status line, the body lines, and the final dot.
     * A body line starting with a dot (a strange configured capability) is dot-stuffed, so it
     * cannot end the answer early.
     */
    static ByteBuf multiLine(ChannelHandlerContext ctx, String status, List<String> body) {
        ByteBuf out = ctx.alloc().buffer();
        out.writeCharSequence(status, StandardCharsets.UTF_8);
        out.writeByte('\r').writeByte('\n');
        for (String line : body) {
            if (line.startsWith(".")) {
                out.writeByte('.');
            }
            out.writeCharSequence(line, StandardCharsets.UTF_8);
            out.writeByte('\r').writeByte('\n');
        }
        out.writeByte('.').writeByte('\r').writeByte('\n');
        return out;
    }
}
