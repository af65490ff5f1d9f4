package io.postern.rewrite;

import io.postern.rewrite.rule.Rule;
import java.util.List;
import java.util.stream.Collectors;

/** The names of rules, for a log line (never their patterns or answers). */
final class Names {

    private Names() {
    }

    static String of(List<? extends List<? extends Rule>> lists) {
        return lists.stream().flatMap(List::stream).map(Rule::name).collect(Collectors.joining(", ", "[", "]"));
    }
}
