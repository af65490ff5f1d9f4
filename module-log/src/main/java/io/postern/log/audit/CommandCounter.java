package io.postern.log.audit;

/**
 * Counts a session's post-login commands by verb ({@code postern_commands_total}). Called on
 * the session's event loop; must not block. Bounding the verb labels is the counter's job.
 */
@FunctionalInterface
public interface CommandCounter {

    /** For a session whose commands are not counted. */
    CommandCounter NONE = verb -> {
    };

    /** One command named {@code verb} (upper case, as the client sent it). */
    void count(String verb);
}
