package io.postern.bench.target;

import io.postern.bench.report.Summary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one target is, before it runs: its name in the report, its kind, and for a Postern the
 * JVM options added to the launcher's ({@code JAVA_OPTS}), the module jars put into its
 * {@code modules/} beside module-auth, and configuration added to its {@code mail} block.
 *
 * @param javaOpts extra JVM options, space-separated, empty for the launcher's defaults
 * @param extraModules jars to add, as globs relative to the repository
 *                     ({@code module-rewrite/target/module-rewrite-*.jar}); a target whose jar is
 *                     not built is pending, not run
 * @param mailConfig HOCON added inside {@code mail { }}, empty for none
 * @param distribution the built distribution to run, null for the repository's
 *                     {@code distribution/target/postern}: another build (a copy of the
 *                     distribution made before a change) runs beside it in the same run, so a
 *                     change's effect is a ratio measured side by side
 */
public record TargetSpec(String name, Kind kind, String javaOpts, List<String> extraModules, String mailConfig,
                         Path distribution) {

    /** How a target is run. */
    public enum Kind {
        /** No proxy: {@link DirectTarget}. */
        DIRECT,
        /** The distribution's {@code bin/postern}: {@link PosternLauncher}. */
        POSTERN,
        /** Debian's nginx with its mail module: {@link NginxLauncher}. */
        NGINX
    }

    public TargetSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        javaOpts = javaOpts == null ? "" : javaOpts.strip();
        extraModules = List.copyOf(extraModules);
        mailConfig = mailConfig == null ? "" : mailConfig;
        if (name.isBlank() || !name.matches("[A-Za-z0-9._-]+")) {
            // the name is also a directory of the run and a column of the CSV files
            throw new IllegalArgumentException("target name: \"" + name + "\" (expected: letters, digits, . _ -)");
        }
        if (kind != Kind.POSTERN && (!javaOpts.isEmpty() || !extraModules.isEmpty() || !mailConfig.isEmpty()
                || distribution != null)) {
            throw new IllegalArgumentException(name + ": JVM options, modules, configuration and builds are for Postern targets");
        }
    }

    public static TargetSpec direct() {
        return new TargetSpec(Summary.DIRECT, Kind.DIRECT, "", List.of(), "", null);
    }

    public static TargetSpec nginx() {
        return new TargetSpec(Summary.NGINX, Kind.NGINX, "", List.of(), "", null);
    }

    /** A Postern as shipped: the launcher's JVM flags, module-auth only. */
    public static TargetSpec postern(String name) {
        return new TargetSpec(name, Kind.POSTERN, "", List.of(), "", null);
    }

    /** This target with {@code options} after its JVM options (so they win over the launcher's defaults). */
    public TargetSpec withJavaOpts(String options) {
        return new TargetSpec(name, kind, (javaOpts + " " + options).strip(), extraModules, mailConfig, distribution);
    }

    /** This target with one more module jar, a glob relative to the repository. */
    public TargetSpec withModule(String glob) {
        List<String> modules = new ArrayList<>(extraModules);
        modules.add(glob);
        return new TargetSpec(name, kind, javaOpts, modules, mailConfig, distribution);
    }

    /** This target with {@code hocon} added to its {@code mail} block. */
    public TargetSpec withMailConfig(String hocon) {
        return new TargetSpec(name, kind, javaOpts, extraModules, mailConfig.isEmpty() ? hocon : mailConfig + "\n" + hocon,
                distribution);
    }

    /** This target run from another built distribution (its {@code bin}, {@code lib}, {@code conf/logback.xml} and module-auth). */
    public TargetSpec withDistribution(Path build) {
        return new TargetSpec(name, kind, javaOpts, extraModules, mailConfig, build.toAbsolutePath().normalize());
    }
}
