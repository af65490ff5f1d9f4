package io.postern.rewrite.imap;

import java.util.Set;

/** Matching IMAP command names against a rule's {@code commands}. */
final class Verbs {

    private Verbs() {
    }

    /**
     * Whether {@code verb} is one of {@code verbs} (all when empty); {@code EXPUNGE} also names
     * {@code UID EXPUNGE}, so that a deny rule cannot be escaped through the UID form, while
     * {@code UID EXPUNGE} names only that.
     */
    static boolean matches(Set<String> verbs, String verb) {
        return verbs.isEmpty() || verbs.contains(verb) || verb.startsWith("UID ") && verbs.contains(verb.substring(4));
    }
}
