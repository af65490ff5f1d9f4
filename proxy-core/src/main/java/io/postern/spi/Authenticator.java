package io.postern.spi;

import java.util.concurrent.CompletionStage;

/**
 * A handler of the AUTH phase. The phase asks each authenticator in order; the first answer
 * that is not {@link AuthDecision.Declined} decides. When every one declines the client is
 * told its login failed.
 *
 * <p>Called on the session's event loop: return at once and complete the stage from
 * wherever the answer arrives (the core hops back to the event loop). A stage completed
 * exceptionally, an exception thrown, or no answer within the server's {@code auth_timeout}
 * ends the session with the protocol's temporary-failure answer.
 */
@FunctionalInterface
public interface Authenticator {
    CompletionStage<AuthDecision> authenticate(AuthRequest request);
}
