package io.postern.imap;

import java.util.List;
import java.util.Locale;

/** The argument check of RFC 2971's {@code ID}: {@code NIL} or a list of field/value string pairs. */
final class ImapIdArguments {

    /** RFC 2971: at most 30 field-value pairs. */
    static final int MAX_PAIRS = 30;

    private ImapIdArguments() {
    }

    static boolean valid(List<ImapValue> arguments) {
        if (arguments.size() != 1) {
            return false;
        }
        ImapValue value = arguments.get(0);
        if (value instanceof ImapValue.ParenList list) {
            List<ImapValue> items = list.items();
            return items.size() % 2 == 0 && items.size() <= 2 * MAX_PAIRS
                    && items.stream().noneMatch(i -> i instanceof ImapValue.ParenList);
        }
        return value instanceof ImapValue.Atom atom && atom.text().toUpperCase(Locale.ROOT).equals("NIL");
    }
}
