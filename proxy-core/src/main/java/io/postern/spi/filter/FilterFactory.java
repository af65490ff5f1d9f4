package io.postern.spi.filter;

import io.postern.spi.SessionInfo;
import java.util.Optional;

/**
 * Makes the filter of one session. Registered once per protocol by a module; asked on the
 * session's event loop when its upstream has accepted the login, before anything is relayed.
 *
 * @param <F> the protocol's filter type ({@code ImapFilter}, {@code Pop3Filter}, {@code SmtpFilter})
 */
@FunctionalInterface
public interface FilterFactory<F extends PostLoginFilter<?, ?>> {

    /**
     * The filter for this session, which may keep per-session state (the selected mailbox, the
     * recipients of the current message); empty when this module has nothing to do for the
     * session (its rules name other users or servers), which keeps the session on the raw
     * relay when no other module filters it either. An exception is treated as a filter that
     * failed: the session ends with the protocol's goodbye.
     */
    Optional<F> open(SessionInfo session);
}
