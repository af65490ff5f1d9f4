package io.postern.imap;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Renders {@link ImapValue}s as IMAP text, for {@link ImapValue.ParenList#text()} and logs. */
final class ImapRendering {

    private ImapRendering() {
    }

    /** Renders {@code values} separated by spaces; {@code wire} picks literal syntax (see below). */
    static String render(List<ImapValue> values, boolean wire) {
        StringBuilder out = new StringBuilder();
        renderAll(values, out, wire);
        return out.toString();
    }

    /**
     * Renders one value. With {@code wire} a literal is written {@code {n}CRLF<text>}; without it
     * (for a log line) only {@code {n}}, so that a log line never spans lines.
     */
    static void render(ImapValue value, StringBuilder out, boolean wire) {
        if (value instanceof ImapValue.Atom atom) {
            out.append(atom.text());
        } else if (value instanceof ImapValue.Quoted quoted) {
            quote(quoted.text(), out);
        } else if (value instanceof ImapValue.Literal literal) {
            out.append('{').append(literal.text().getBytes(StandardCharsets.UTF_8).length).append('}');
            if (wire) {
                out.append("\r\n").append(literal.text());
            }
        } else if (value instanceof ImapValue.ParenList list) {
            out.append('(');
            renderAll(list.items(), out, wire);
            out.append(')');
        }
    }

    private static void renderAll(List<ImapValue> values, StringBuilder out, boolean wire) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            render(values.get(i), out, wire);
        }
    }

    private static void quote(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }
}
