package io.postern.imap;

import io.netty.buffer.ByteBuf;
import io.postern.spi.WireText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The command being decoded: its tag, verb, arguments (with the stack of open parenthesized
 * lists) and the bytes of the token being read. Copies bytes out of the {@link ByteBuf}, so it
 * holds no reference-counted object.
 */
final class CommandBuilder {

    private final ArrayDeque<List<ImapValue>> parents = new ArrayDeque<>();
    private List<ImapValue> current = new ArrayList<>();
    private byte[] token = new byte[64];
    private int tokenLength;
    private String tag;
    private String verb;

    /** Appends {@code length} bytes of {@code in} from absolute {@code index} to the token. */
    void append(ByteBuf in, int index, int length) {
        ensureRoom(length);
        in.getBytes(index, token, tokenLength, length);
        tokenLength += length;
    }

    /** Appends one byte to the token. */
    void append(byte b) {
        ensureRoom(1);
        token[tokenLength++] = b;
    }

    boolean hasToken() {
        return tokenLength > 0;
    }

    /** Whether the token is exactly the one ASCII character {@code c}. */
    boolean tokenIs(char c) {
        return tokenLength == 1 && token[0] == c;
    }

    /** Returns the token as ASCII (tags and verbs contain only ASCII) and clears it. */
    String takeAscii() {
        String text = new String(token, 0, tokenLength, StandardCharsets.US_ASCII);
        tokenLength = 0;
        return text;
    }

    /**
     * Returns the token as {@link WireText} (UTF-8, with every invalid byte kept as an escaped
     * byte, so that {@link WireText#encode} gives the client's bytes back) and clears it.
     */
    String takeText() {
        String text = WireText.decode(token, 0, tokenLength);
        tokenLength = 0;
        return text;
    }

    void tag(String tag) {
        this.tag = tag;
    }

    /** The tag, or {@code null} while it has not been read (or was invalid). */
    String tag() {
        return tag;
    }

    void verb(String verb) {
        this.verb = verb;
    }

    /** How many parenthesized lists are open. */
    int depth() {
        return parents.size();
    }

    void openList() {
        parents.push(current);
        current = new ArrayList<>();
    }

    void closeList() {
        ImapValue.ParenList list = new ImapValue.ParenList(current);
        current = parents.pop();
        current.add(list);
    }

    void add(ImapValue value) {
        current.add(value);
    }

    ImapCommand build() {
        return new ImapCommand(tag, verb, current);
    }

    void reset() {
        parents.clear();
        current = new ArrayList<>();
        tokenLength = 0;
        tag = null;
        verb = null;
        if (token.length > 1024) {
            token = new byte[64];
        }
    }

    private void ensureRoom(int length) {
        if (tokenLength + length > token.length) {
            token = Arrays.copyOf(token, Math.max(token.length * 2, tokenLength + length));
        }
    }
}
