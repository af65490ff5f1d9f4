package io.postern.imap.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.postern.imap.ImapChars;
import io.postern.imap.LiteralSupport;
import io.postern.spi.imap.ImapArg;
import io.postern.spi.imap.ImapCommand;
import io.postern.spi.imap.ImapResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes what filters made (a replaced command or response, an answer) as IMAP. Only these are
 * encoded: what a filter passes goes out as the bytes that came in.
 *
 * <p>A {@link ImapArg.Quoted} string is written quoted, unless it holds CR, LF or NUL, or bytes
 * beyond ASCII while the session has not enabled {@code UTF8=ACCEPT}: then as a literal. In a
 * command a literal is non-synchronizing when the upstream takes it ({@link LiteralSupport}),
 * otherwise synchronizing, the command then going out in segments, each after the upstream's
 * {@code +}. Atoms, tags and texts are checked, so that a filter cannot split a line or inject
 * one: what cannot be written is an {@link IllegalArgumentException}, which ends the session.
 */
final class ImapEncoder {

    private final LiteralSupport literals;
    private boolean utf8Accept;

    ImapEncoder(LiteralSupport literals) {
        this.literals = literals;
    }

    /** The session enabled {@code UTF8=ACCEPT} (or {@code IMAP4rev2}): quoted strings may hold UTF-8. */
    void utf8Accepted() {
        utf8Accept = true;
    }

    /**
     * A command as segments: each but the last ends with a synchronizing literal's header. A
     * command that streams a literal ends with its header, as {@code streamed} announced it
     * (synchronizing when the upstream requires it).
     */
    List<ByteBuf> command(ByteBufAllocator alloc, ImapCommand command, Optional<LiteralMark> streamed) {
        Writer out = new Writer(alloc, true, streamed);
        try {
            checkTag(command.tag());
            out.text(command.tag());
            for (String word : command.verb().split(" ", -1)) {
                checkName(word, "verb");
                out.text(" ").text(word);
            }
            out.arguments(command.args());
            return out.finish();
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /** A response; one that streams a literal ends with the header {@code streamed} announced. */
    ByteBuf response(ByteBufAllocator alloc, ImapResponse response, Optional<LiteralMark> streamed) {
        Writer out = new Writer(alloc, false, streamed);
        try {
            if (response instanceof ImapResponse.Tagged tagged) {
                checkTag(tagged.tag());
                out.text(tagged.tag()).text(" ").text(tagged.status());
                status(out, tagged.code(), tagged.text());
            } else if (response instanceof ImapResponse.Status untagged) {
                out.text("* ").text(untagged.status());
                status(out, untagged.code(), untagged.text());
            } else if (response instanceof ImapResponse.Continuation continuation) {
                out.text("+ ").text(checkText(continuation.text()));
                out.text("\r\n");
            } else {
                out.text("*");
                out.arguments(((ImapResponse.Data) response).args());
            }
            List<ByteBuf> segments = out.finish();
            return segments.get(0);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    private static void status(Writer out, Optional<String> code, String text) {
        if (code.isPresent()) {
            out.text(" [").text(checkText(code.get())).text("]");
        }
        if (!text.isEmpty()) {
            out.text(" ").text(checkText(text));
        }
        out.text("\r\n");
    }

    private static void checkTag(String tag) {
        byte[] bytes = tag.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0) {
            throw new IllegalArgumentException("an empty tag");
        }
        for (byte b : bytes) {
            if (!ImapChars.isTagChar(b)) {
                throw new IllegalArgumentException("a tag with a character tags do not have");
            }
        }
    }

    private static void checkName(String word, String what) {
        byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0) {
            throw new IllegalArgumentException("an empty " + what);
        }
        for (byte b : bytes) {
            if (!ImapChars.isAtomChar(b)) {
                throw new IllegalArgumentException("a " + what + " with a character atoms do not have");
            }
        }
    }

    private static String checkText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("a response text with CR, LF or NUL");
            }
        }
        return text;
    }

    /** An atom must read back as the same atom (see {@link ArgumentTokenizer}). */
    private static void checkAtom(String atom) {
        int depth = 0;
        for (int i = 0; i < atom.length(); i++) {
            char c = atom.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c == '{') {
                throw new IllegalArgumentException("an atom with CR, LF, NUL or '{'");
            }
            if (c == '[') {
                depth++;
            } else if (c == ']' && depth > 0) {
                depth--;
            } else if (depth == 0 && (c == ' ' || c == '(' || c == ')' || c == '"')) {
                throw new IllegalArgumentException("an atom with a space, a parenthesis or a quote outside [...]");
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException("an atom with an unclosed '['");
        }
    }

    private boolean needsLiteral(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c > 0x7F && !utf8Accept) {
                return true;
            }
        }
        return false;
    }

    private static boolean endsStreamed(ImapArg arg) {
        ImapArg last = arg;
        while (last instanceof ImapArg.ListOf list && !list.items().isEmpty()) {
            last = list.items().get(list.items().size() - 1);
        }
        return last instanceof ImapArg.Streamed;
    }

    /** The bytes being written, cut into segments after synchronizing literal headers. */
    private final class Writer {
        private final ByteBufAllocator alloc;
        private final boolean command;
        private final Optional<LiteralMark> streamed;
        private final List<ByteBuf> segments = new ArrayList<>();
        private ByteBuf current;
        private boolean streamedWritten;

        Writer(ByteBufAllocator alloc, boolean command, Optional<LiteralMark> streamed) {
            this.alloc = alloc;
            this.command = command;
            this.streamed = streamed;
            this.current = alloc.buffer();
        }

        Writer text(String text) {
            current.writeCharSequence(text, StandardCharsets.UTF_8);
            return this;
        }

        /** Writes {@code args}, each after a space, and the line end unless a streamed literal ended the line. */
        void arguments(List<ImapArg> args) {
            for (int i = 0; i < args.size(); i++) {
                text(" ");
                argument(args.get(i), i == args.size() - 1);
            }
            if (!streamedWritten) {
                text("\r\n");
            }
        }

        private void argument(ImapArg arg, boolean last) {
            if (arg instanceof ImapArg.Atom atom) {
                checkAtom(atom.text());
                text(atom.text());
            } else if (arg instanceof ImapArg.Quoted quoted) {
                quoted(quoted.text());
            } else if (arg instanceof ImapArg.Literal literal) {
                literal(literal.bytes(), literal.binary());
            } else if (arg instanceof ImapArg.ListOf list) {
                list(list, last);
            } else {
                streamedLiteral((ImapArg.Streamed) arg, last);
            }
        }

        private void quoted(String text) {
            if (needsLiteral(text)) {
                literal(text.getBytes(StandardCharsets.UTF_8), false);
                return;
            }
            StringBuilder escaped = new StringBuilder(text.length() + 2).append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"' || c == '\\') {
                    escaped.append('\\');
                }
                escaped.append(c);
            }
            text(escaped.append('"').toString());
        }

        private void list(ImapArg.ListOf list, boolean last) {
            text("(");
            List<ImapArg> items = list.items();
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    text(" ");
                }
                argument(items.get(i), last && i == items.size() - 1);
            }
            if (!(last && endsStreamed(list))) {
                text(")"); // a list the streamed literal ends is closed by the rest of the line
            }
        }

        private void literal(byte[] bytes, boolean binary) {
            boolean nonSync = command && !literals.mustSynchronize(bytes.length);
            header(bytes.length, binary, nonSync);
            if (command && !nonSync) {
                cut();
            }
            current.writeBytes(bytes);
        }

        private void streamedLiteral(ImapArg.Streamed arg, boolean last) {
            LiteralMark original = streamed.orElseThrow(
                    () -> new IllegalArgumentException("a streamed literal where none is streamed"));
            if (!last || streamedWritten || arg.length() != original.length() || arg.binary() != original.binary()) {
                throw new IllegalArgumentException("a replacement must keep the streamed literal, unchanged, last");
            }
            boolean nonSync = command && original.nonSync() && !literals.mustSynchronize(arg.length());
            header(arg.length(), arg.binary(), nonSync);
            streamedWritten = true;
        }

        private void header(long length, boolean binary, boolean nonSync) {
            text((binary ? "~{" : "{") + length + (nonSync ? "+}" : "}") + "\r\n");
        }

        private void cut() {
            segments.add(current);
            current = alloc.buffer();
        }

        List<ByteBuf> finish() {
            if (streamed.isPresent() && !streamedWritten) {
                throw new IllegalArgumentException("a replacement must keep the streamed literal, unchanged, last");
            }
            segments.add(current);
            current = null;
            return List.copyOf(segments);
        }

        void release() {
            segments.forEach(ByteBuf::release);
            segments.clear();
            if (current != null) {
                current.release();
                current = null;
            }
        }
    }
}
