package io.postern.bench.target;

import java.util.List;

/** The targets of every run; {@code --targets} picks among them, {@code --postern-variant} adds to them. */
public final class Targets {

    /** Where module-rewrite's jar is built; without it, {@code postern-filtered} is pending. */
    public static final String REWRITE_MODULE = "module-rewrite/target/module-rewrite-*.jar";

    /**
     * The rules of {@code postern-filtered}: one that applies to every IMAP session, so that each
     * is relayed through the framed relay and module-rewrite's filter (a session no rule applies
     * to keeps the raw relay, which would measure nothing new), yet changes nothing a scenario
     * relies on: a capability added to the lists the upstream sends after login. What the
     * comparison with {@code postern} then shows is the price of reading the session: parsing
     * every response, streaming FETCH literals through the filter, encoding again.
     */
    public static final String REWRITE_CONFIG = """
            rewrite {
              imap {
                capabilities.bench { add = [XBENCH] }
              }
            }""";

    private Targets() {
    }

    /** direct, postern, nginx, postern-filtered: in this order in the first repetition. */
    public static List<TargetSpec> standard() {
        return List.of(
                TargetSpec.direct(),
                TargetSpec.postern("postern"),
                TargetSpec.nginx(),
                TargetSpec.postern("postern-filtered").withModule(REWRITE_MODULE).withMailConfig(REWRITE_CONFIG));
    }
}
