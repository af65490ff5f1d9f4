package io.postern.rewrite;

import io.postern.rewrite.rule.Rule;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The names of rules, for a log line (never their patterns or answers). */
final class Names {

    private Names() {
    }

    @SafeVarargs
    static String of(List<? extends Rule>... lists) {
        return Stream.of(lists).flatMap(List::stream).map(Rule::name).collect(Collectors.joining(", ", "[", "]"));
    }
}
