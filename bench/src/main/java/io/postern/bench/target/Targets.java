package io.postern.bench.target;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The targets of every run; {@code --targets} picks among them, {@code --postern-variant} and
 * {@code --postern-config} add to them.
 */
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

    /**
     * {@code targets} with the command line's Postern variants and configurations: each variant
     * ({@code NAME} or {@code NAME@DIR}, another built distribution, to JVM options) is one more
     * target; each configuration ({@code NAME} or {@code NAME@DIR} to HOCON for its {@code mail}
     * block) goes to the target of that name when there is one (a variant, or {@code postern}
     * itself), else is one more target of its own. So {@code --postern-variant=base@DIR:} and
     * {@code --postern-config=base:ssl_provider = jdk} make one target, the other build with that
     * configuration.
     */
    public static List<TargetSpec> withCommandLine(List<TargetSpec> targets, Map<String, String> variants,
                                                   Map<String, String> configs) {
        List<TargetSpec> specs = new ArrayList<>(targets);
        variants.forEach((name, opts) -> specs.add(named(name).withJavaOpts(opts)));
        configs.forEach((name, hocon) -> {
            String plain = name.indexOf('@') < 0 ? name : name.substring(0, name.indexOf('@'));
            int existing = indexOf(specs, plain);
            if (existing < 0) {
                specs.add(named(name).withMailConfig(hocon));
            } else if (!plain.equals(name)) {
                throw new IllegalArgumentException("--postern-config: " + name + " (expected: " + plain
                        + ", the name of a target that already has its build)");
            } else {
                specs.set(existing, specs.get(existing).withMailConfig(hocon));
            }
        });
        return specs;
    }

    /** A Postern target from {@code NAME} or {@code NAME@DIR} (another built distribution). */
    private static TargetSpec named(String name) {
        int at = name.indexOf('@');
        return at < 0 ? TargetSpec.postern(name)
                : TargetSpec.postern(name.substring(0, at)).withDistribution(Path.of(name.substring(at + 1)));
    }

    private static int indexOf(List<TargetSpec> specs, String name) {
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
