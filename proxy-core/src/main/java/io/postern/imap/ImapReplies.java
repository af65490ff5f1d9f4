package io.postern.imap;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** The IMAP lines Postern writes itself before login. */
final class ImapReplies {

    /** nginx's order of the AUTH= capabilities, whatever the order in {@code imap_auth}. */
    private static final List<String> AUTH_ORDER = List.of("plain", "login", "cram-md5", "external", "xoauth2",
            "oauthbearer");

    private ImapReplies() {
    }

    static ByteBuf line(ChannelHandlerContext ctx, String text) {
        ByteBuf out = ctx.alloc().buffer(text.length() + 2);
        out.writeCharSequence(text, StandardCharsets.UTF_8);
        out.writeByte('\r').writeByte('\n');
        return out;
    }

    static ByteBuf lines(ChannelHandlerContext ctx, String... texts) {
        ByteBuf out = ctx.alloc().buffer();
        for (String text : texts) {
            out.writeCharSequence(text, StandardCharsets.UTF_8);
            out.writeByte('\r').writeByte('\n');
        }
        return out;
    }

    /** {@code IMAP4 IMAP4rev1 UIDPLUS AUTH=PLAIN}: the configured list, then one AUTH= per mechanism. */
    static String capabilities(List<String> capabilities, List<String> mechanisms) {
        StringBuilder sb = new StringBuilder(String.join(" ", capabilities));
        for (String mechanism : AUTH_ORDER) {
            if (mechanisms.contains(mechanism)) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append("AUTH=").append(mechanism.toUpperCase(Locale.ROOT));
            }
        }
        return sb.toString();
    }
}
