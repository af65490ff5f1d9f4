package io.postern.rewrite.rule;

import java.util.List;

/** A configured rule: its name (the key of its block) and whom it is for. */
public interface Rule {

    String name();

    Audience audience();

    /** The rules of {@code rules} that apply to {@code who}, in their order. */
    static <T extends Rule> List<T> forWho(List<T> rules, Who who) {
        return rules.stream().filter(r -> r.audience().includes(who)).toList();
    }
}
