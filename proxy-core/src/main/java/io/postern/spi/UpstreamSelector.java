package io.postern.spi;

import java.util.concurrent.CompletionStage;

/**
 * A handler of the UPSTREAM phase. Selectors are asked in order; the first answer that is
 * not {@link UpstreamDecision.Declined} decides. After the modules' selectors the core
 * applies its own rules: the upstream named by the auth decision, then the server's
 * {@code proxy_pass} pool. When nobody chose, the client gets the temporary-failure answer.
 *
 * <p>Called on the session's event loop; never block it.
 */
@FunctionalInterface
public interface UpstreamSelector {
    CompletionStage<UpstreamDecision> select(UpstreamRequest request);
}
