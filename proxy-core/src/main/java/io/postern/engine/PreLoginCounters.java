package io.postern.engine;

/**
 * nginx's two counters of a session before login ({@code ngx_mail_read_command}), for the
 * three pre-login handlers: {@code max_errors} counts the lines nginx's parser could not
 * read (an unknown verb, a bad tag, broken syntax), never a command it parsed and then
 * refused (a command in the wrong state, an unknown or disabled SASL mechanism, a malformed
 * SASL response, STARTTLS where it is not offered); {@code max_commands} (nginx 1.31) counts
 * every line it parsed, SASL responses included, for the whole session. Not thread-safe:
 * one per session, used on its event loop.
 */
public final class PreLoginCounters {

    private final long maxErrors;
    private final long maxCommands;
    private long errors;
    private long commands;

    /**
     * @param maxErrors {@code max_errors}; 0 closes at the first error, as 1 does
     * @param maxCommands {@code max_commands}; 0 refuses the first command
     */
    public PreLoginCounters(long maxErrors, long maxCommands) {
        if (maxErrors < 0 || maxCommands < 0) {
            throw new IllegalArgumentException("maxErrors: " + maxErrors + ", maxCommands: " + maxCommands
                    + " (expected: >= 0)");
        }
        this.maxErrors = maxErrors;
        this.maxCommands = maxCommands;
    }

    /**
     * Counts one parsed command. False when it is one more than {@code max_commands}: nginx
     * then answers it as an invalid command and closes the connection.
     */
    public boolean command() {
        return ++commands <= maxCommands;
    }

    /**
     * Counts one line the parser could not read. True when it is the {@code max_errors}-th:
     * the invalid-command answer is still sent, then the connection is closed.
     */
    public boolean lastError() {
        return ++errors >= maxErrors;
    }
}
