package io.postern.rewrite.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Removes and adds capabilities: IMAP capability names, POP3 CAPA lines, SMTP EHLO keywords.
 * A capability is removed when a {@code remove} glob matches its name (the first word of a
 * POP3 or SMTP line, {@code SIZE} for {@code SIZE 1000}) or its whole text; an added one is
 * appended unless one of that name is already there.
 */
public record CapabilityEdit(String name, Audience audience, List<Glob> remove, List<String> add) implements Rule {

    public CapabilityEdit {
        remove = List.copyOf(remove);
        add = List.copyOf(add);
    }

    /** The edits of several rules, applied one after the other. */
    public static List<String> applyAll(List<CapabilityEdit> edits, List<String> capabilities) {
        List<String> current = capabilities;
        for (CapabilityEdit edit : edits) {
            current = edit.apply(current);
        }
        return current;
    }

    /** {@code capabilities} with this rule's removals and additions. */
    public List<String> apply(List<String> capabilities) {
        List<String> out = new ArrayList<>();
        for (String capability : capabilities) {
            if (!removes(capability)) {
                out.add(capability);
            }
        }
        for (String extra : add) {
            String word = keyword(extra);
            if (out.stream().noneMatch(c -> keyword(c).equalsIgnoreCase(word))) {
                out.add(extra);
            }
        }
        return List.copyOf(out);
    }

    private boolean removes(String capability) {
        String word = keyword(capability);
        return remove.stream().anyMatch(g -> g.matches(word) || g.matches(capability));
    }

    /** The first word of a capability line. */
    static String keyword(String capability) {
        String trimmed = capability.trim();
        int space = trimmed.indexOf(' ');
        return (space < 0 ? trimmed : trimmed.substring(0, space)).toUpperCase(Locale.ROOT);
    }
}
