package io.postern.log.audit;

import io.postern.spi.imap.ImapArg;
import java.util.List;

/**
 * IMAP arguments as the audit log shows them: atoms and quoted strings as the client wrote
 * them, lists in parentheses, and every literal — inline or streamed — as its length only
 * ({@code {1234}}, {@code ~{1234}} for literal8), so a message's contents never reach the log.
 * Long argument lists are cut at {@link AuditLine#MAX_ARGUMENTS}.
 */
final class ImapArgs {

    private ImapArgs() {
    }

    /** {@code args} rendered, separated by spaces. */
    static String render(List<ImapArg> args) {
        StringBuilder out = new StringBuilder(64);
        appendAll(out, args);
        if (out.length() > AuditLine.MAX_ARGUMENTS) {
            out.setLength(AuditLine.MAX_ARGUMENTS);
            out.append(AuditLine.CUT);
        }
        return out.toString();
    }

    private static void appendAll(StringBuilder out, List<ImapArg> args) {
        for (int i = 0; i < args.size() && out.length() <= AuditLine.MAX_ARGUMENTS; i++) {
            if (i > 0) {
                out.append(' ');
            }
            append(out, args.get(i));
        }
    }

    private static void append(StringBuilder out, ImapArg arg) {
        if (arg instanceof ImapArg.Atom atom) {
            out.append(atom.text());
        } else if (arg instanceof ImapArg.Quoted quoted) {
            out.append('"');
            String text = quoted.text();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append(c);
            }
            out.append('"');
        } else if (arg instanceof ImapArg.Literal literal) {
            out.append(literal.binary() ? "~{" : "{").append(literal.length()).append('}');
        } else if (arg instanceof ImapArg.Streamed streamed) {
            out.append(streamed.binary() ? "~{" : "{").append(streamed.length()).append('}');
        } else if (arg instanceof ImapArg.ListOf list) {
            out.append('(');
            appendAll(out, list.items());
            out.append(')');
        }
    }

    /**
     * A mailbox name as the audit log shows it: the astring's value (a literal's bytes are a
     * name here, not a message), or the literal's length when it was streamed.
     */
    static String mailbox(ImapArg arg) {
        return arg.string().orElseGet(() -> render(List.of(arg)));
    }
}
