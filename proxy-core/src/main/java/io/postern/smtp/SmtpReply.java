package io.postern.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Assembles one upstream reply from its lines (RFC 5321 4.2.1): {@code 250-...} lines
 * continue it and the {@code 250 ...} line ends it, so a multi-line EHLO answer is read to its
 * final line before the next command goes out (Haraka #3020). Every line must carry the
 * same three-digit code, and the whole reply must fit in {@code proxy_buffer} (nginx reads
 * it into that buffer). Not thread-safe; one per upstream login.
 */
final class SmtpReply implements AutoCloseable {

    private final int maxBytes;
    private final ByteBufAllocator alloc;
    private CompositeByteBuf bytes;
    private final List<String> texts = new ArrayList<>();
    private int code = -1;
    private String error;

    SmtpReply(ByteBufAllocator alloc, int maxBytes) {
        this.alloc = alloc;
        this.maxBytes = maxBytes;
    }

    /**
     * Adds one line with its line ending. Answers whether the reply is complete; after
     * {@code false}, {@link #error()} says whether the line was bad.
     */
    boolean add(ByteBuf line) {
        String text = line.toString(StandardCharsets.UTF_8).stripTrailing();
        int lineCode = code(text);
        if (lineCode < 0 || code >= 0 && lineCode != code) {
            error = "the upstream sent a line that is not part of an SMTP reply: " + printable(text);
            return false;
        }
        if (bytes == null) {
            bytes = alloc.compositeBuffer();
        }
        if (bytes.readableBytes() + line.readableBytes() > maxBytes) {
            error = "the upstream sent a reply longer than proxy_buffer";
            return false;
        }
        code = lineCode;
        bytes.addComponent(true, line.retain());
        texts.add(text.length() > 4 ? text.substring(4) : "");
        return text.length() == 3 || text.charAt(3) == ' ';
    }

    /** Why the last line was refused, or empty. */
    String error() {
        return error == null ? "" : error;
    }

    int code() {
        return code;
    }

    /** The text of each line after its code and separator. */
    List<String> texts() {
        return List.copyOf(texts);
    }

    /** Hands over the reply's bytes, line endings included, and starts a new reply. */
    ByteBuf take() {
        ByteBuf taken = bytes;
        bytes = null;
        texts.clear();
        code = -1;
        return taken;
    }

    /** The first line, for log messages: cut short, without its line ending. */
    String firstLine() {
        return texts.isEmpty() ? "" : printable(code + " " + texts.get(0));
    }

    @Override
    public void close() {
        if (bytes != null) {
            bytes.release();
            bytes = null;
        }
    }

    /** The reply code of {@code ddd}, {@code ddd text} or {@code ddd-text}, else -1. */
    private static int code(String text) {
        if (text.length() < 3 || text.length() > 3 && text.charAt(3) != ' ' && text.charAt(3) != '-') {
            return -1;
        }
        for (int i = 0; i < 3; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(text.substring(0, 3));
    }

    /** An upstream line for the error log: without its line ending, cut short, escaped. */
    static String printable(String line) {
        return io.postern.engine.LogText.quoted(line);
    }
}
