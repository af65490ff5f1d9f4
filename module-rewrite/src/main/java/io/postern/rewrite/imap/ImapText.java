package io.postern.rewrite.imap;

import io.postern.spi.imap.ImapArg;
import io.postern.spi.imap.ImapCommand;
import io.postern.spi.imap.ImapResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies {@link ImapRegexRule}s to the textual parts of a message, never to its structure:
 * each atom and quoted string of a command's arguments and of untagged data (not the
 * response's number and name), the text of status responses and continuations, and literals
 * only for rules with {@code in_literals} (inline ones, as UTF-8 text). A streamed literal is
 * never rewritten. An atom that gains a space or loses all its text becomes a quoted string;
 * text that a quoted string cannot hold becomes a literal.
 */
final class ImapText {

    private ImapText() {
    }

    /** {@code command} rewritten by the rules that apply to it; the same instance when nothing changed. */
    static ImapCommand rewrite(ImapCommand command, List<ImapRegexRule> rules, boolean utf8) {
        ImapCommand current = command;
        for (ImapRegexRule rule : rules) {
            if (rule.appliesTo(current)) {
                List<ImapArg> args = args(current.args(), 0, rule, utf8);
                if (args != current.args()) {
                    current = current.withArgs(args);
                }
            }
        }
        return current;
    }

    /** {@code response} rewritten by the rules that apply to it; the same instance when nothing changed. */
    static ImapResponse rewrite(ImapResponse response, List<ImapRegexRule> rules, boolean utf8) {
        ImapResponse current = response;
        for (ImapRegexRule rule : rules) {
            if (rule.appliesTo(current)) {
                current = one(current, rule, utf8);
            }
        }
        return current;
    }

    private static ImapResponse one(ImapResponse response, ImapRegexRule rule, boolean utf8) {
        if (response instanceof ImapResponse.Tagged t) {
            String text = rule.rewrite().apply(t.text());
            return text == t.text() ? t : new ImapResponse.Tagged(t.tag(), t.status(), t.code(), text);
        }
        if (response instanceof ImapResponse.Status s) {
            String text = rule.rewrite().apply(s.text());
            return text == s.text() ? s : new ImapResponse.Status(s.status(), s.code(), text);
        }
        if (response instanceof ImapResponse.Data d) {
            boolean numbered = d.args().get(0) instanceof ImapArg.Atom a && a.text().chars().allMatch(Character::isDigit);
            List<ImapArg> args = args(d.args(), numbered ? 2 : 1, rule, utf8);
            return args == d.args() ? d : new ImapResponse.Data(args);
        }
        ImapResponse.Continuation c = (ImapResponse.Continuation) response;
        String text = rule.rewrite().apply(c.text());
        return text == c.text() ? c : new ImapResponse.Continuation(text);
    }

    /** The arguments from {@code from} on rewritten; the same list when nothing changed. */
    private static List<ImapArg> args(List<ImapArg> args, int from, ImapRegexRule rule, boolean utf8) {
        List<ImapArg> out = null;
        for (int i = from; i < args.size(); i++) {
            ImapArg arg = args.get(i);
            ImapArg rewritten = arg(arg, rule, utf8);
            if (rewritten != arg) {
                if (out == null) {
                    out = new ArrayList<>(args);
                }
                out.set(i, rewritten);
            }
        }
        return out == null ? args : out;
    }

    private static ImapArg arg(ImapArg arg, ImapRegexRule rule, boolean utf8) {
        if (arg instanceof ImapArg.Atom atom) {
            String text = rule.rewrite().apply(atom.text());
            if (text == atom.text()) {
                return arg;
            }
            boolean staysAtom = !text.isEmpty() && (text.chars().allMatch(c -> c > 0x20 && c < 0x7f)
                    || atom.text().indexOf(' ') >= 0);
            return staysAtom ? new ImapArg.Atom(text) : ImapStrings.like(new ImapArg.Quoted(""), text, false, utf8);
        }
        if (arg instanceof ImapArg.Quoted quoted) {
            String text = rule.rewrite().apply(quoted.text());
            return text == quoted.text() ? arg : ImapStrings.like(arg, text, false, utf8);
        }
        if (arg instanceof ImapArg.ListOf list) {
            List<ImapArg> items = args(list.items(), 0, rule, utf8);
            return items == list.items() ? arg : new ImapArg.ListOf(items);
        }
        if (arg instanceof ImapArg.Literal literal && rule.inLiterals() && literal.length() <= rule.literalLimit()) {
            Optional<String> text = ImapStrings.utf8(literal.bytes());
            if (text.isPresent()) {
                String rewritten = rule.rewrite().apply(text.get());
                if (rewritten != text.get()) {
                    return new ImapArg.Literal(rewritten.getBytes(StandardCharsets.UTF_8), literal.binary());
                }
            }
        }
        return arg;
    }
}
