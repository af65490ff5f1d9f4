package io.postern.module;

import java.util.Arrays;
import java.util.Optional;

/** The phases modules register handlers in, by the key the {@code phases} config uses. */
enum Phase {
    AUTH("auth"),
    UPSTREAM("upstream"),
    LOG("log"),
    IMAP_FILTER("imap_filter"),
    POP3_FILTER("pop3_filter"),
    SMTP_FILTER("smtp_filter");

    private final String key;

    Phase(String key) {
        this.key = key;
    }

    String key() {
        return key;
    }

    static Optional<Phase> ofKey(String key) {
        return Arrays.stream(values()).filter(p -> p.key.equals(key)).findFirst();
    }

    static String keys() {
        return String.join(", ", Arrays.stream(values()).map(Phase::key).toList());
    }
}
