package io.postern.nginx;

/**
 * How an nginx directive's arguments are written in Postern's HOCON. Each form knows how many
 * arguments nginx takes; the converter does the writing.
 */
public enum ValueForm {
    /** One word or string: {@code protocol imap;} → {@code protocol = imap}. */
    WORD(1, 1),
    /** {@code on} or {@code off}. */
    FLAG(1, 1),
    /** nginx's time, written the same: {@code 60s}, {@code 1h30m}, a bare number of seconds. */
    TIME(1, 1),
    /** nginx's size, written the same: {@code 4k}, {@code 1m}. */
    SIZE(1, 1),
    /** A whole number. */
    NUMBER(1, 1),
    /** One or more words, as a list: {@code imap_auth plain login;} → {@code imap_auth = [plain, login]}. */
    WORDS(1, Integer.MAX_VALUE),
    /** A file name, made absolute against nginx's conf prefix (the main file's directory), as nginx reads it. */
    PATH(1, 1),
    /** {@code listen}'s address and parameters, kept in one string with the parameters Postern knows. */
    LISTEN(1, Integer.MAX_VALUE),
    /** nginx's arguments kept in one string, several collected into a list: {@code error_log = "logs/mail.log info"}. */
    LINE(1, 2),
    /** {@code name value}, collected into a block: {@code auth_http_header { "X-Key" = "v" }}. */
    HEADER(2, 2),
    /** A block of directives ({@code mail}, {@code server}). */
    BLOCK(0, Integer.MAX_VALUE);

    private final int minArgs;
    private final int maxArgs;

    ValueForm(int minArgs, int maxArgs) {
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
    }

    /** Whether nginx would accept this many arguments. */
    boolean accepts(int args) {
        return args >= minArgs && args <= maxArgs;
    }
}
