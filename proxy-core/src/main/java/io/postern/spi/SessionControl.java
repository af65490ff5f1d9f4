package io.postern.spi;

import java.util.concurrent.CompletionStage;

/**
 * What a module may do to the sessions of the whole deployment, for operators (module-log's
 * admin endpoint). Added in SPI 1.4; see {@link ModuleContext#sessionControl()}.
 */
public interface SessionControl {

    /**
     * Closes every session of {@code login} (compared case-insensitively) on every Postern
     * instance sharing {@code mail.redis}, or on this one alone without it or while Redis is
     * unreachable: a password change, a disabled account. A client that has not logged in, or
     * whose session the core frames (post-login filters), reads its protocol's goodbye first
     * ({@code * BYE}, {@code -ERR}, {@code 421 4.7.0}); a raw relay is closed without a word,
     * because a line of Postern's own could land in the middle of the server's answer. Sessions
     * end with {@link CloseReason#KICKED}.
     *
     * @return how many instances were told (1: this one alone)
     */
    CompletionStage<Long> kick(String login);
}
