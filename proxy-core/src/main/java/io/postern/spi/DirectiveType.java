package io.postern.spi;

/** The forms a directive's value can take, as an operator writes them in the config. */
public enum DirectiveType {
    /** One word or string: {@code server_name = mail.example.com}. */
    STRING("a string"),
    /** One or several words: {@code imap_auth = [plain, login]} or {@code imap_auth = plain}. */
    STRING_LIST("a string or a list of strings"),
    /** nginx's {@code on}/{@code off} (HOCON's {@code true}/{@code false} are accepted too). */
    FLAG("on or off"),
    /** nginx's time form: {@code 500ms}, {@code 60s}, {@code 5m}, {@code 24h}, {@code 1h30m}, or plain seconds. */
    DURATION("a duration such as 500ms, 60s, 5m, 24h"),
    /** nginx's size form: {@code 512}, {@code 4k}, {@code 1m}. */
    SIZE("a size such as 512, 4k, 1m"),
    /** A whole number. */
    INTEGER("a whole number"),
    /** A block of string values: {@code auth_http_header { X-Auth-Key = "s3cr3t" }}. */
    OBJECT("a block of name = value pairs"),
    /**
     * A block of any structure, for a module with settings of its own shape
     * ({@code rewrite { imap { deny { … } } }}): the core checks only that it is a block and
     * inherits it whole from the mail level; the module reads it with
     * {@code ServerConfig.raw().getConfig(name)}, whose values keep their file and line, and
     * checks it itself in {@code configure}. Added in SPI 1.2.
     */
    BLOCK("a block { ... }");

    private final String expected;

    DirectiveType(String expected) {
        this.expected = expected;
    }

    /** How an error message describes a valid value: {@code "(expected: on or off)"}. */
    public String expected() {
        return expected;
    }
}
