package io.postern.bench;

import io.postern.bench.scenario.Notes;
import io.postern.bench.target.DirectTarget;
import io.postern.bench.target.Jars;
import io.postern.bench.target.NginxLauncher;
import io.postern.bench.target.PosternLauncher;
import io.postern.bench.target.RunningTarget;
import io.postern.bench.target.TargetSpec;
import io.postern.bench.target.TlsFiles;
import io.postern.bench.target.UpstreamPorts;
import io.postern.testing.upstreams.FreePorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts the run's targets from their specs, each in a directory of its own, and stops them. */
final class TargetSet implements AutoCloseable {

    private final List<RunningTarget> running = new ArrayList<>();
    /** The names of the running targets that have a filter module (their spec's extra modules). */
    private final List<String> filtered = new ArrayList<>();
    private final List<String> pending = new ArrayList<>();

    /**
     * @param direct the upstreams' own listeners: the direct target, and what the auth server names
     * @param tls the certificate and key both proxies present on their implicit-TLS listeners
     */
    static TargetSet start(List<TargetSpec> specs, Path repository, Path work, DirectTarget direct,
                           InetSocketAddress authHttp, TlsFiles tls, long maxFiles, Notes notes)
            throws IOException, InterruptedException {
        TargetSet set = new TargetSet();
        try {
            set.pending.addAll(pendingOf(specs, repository));
            for (TargetSpec spec : specs) {
                if (spec.extraModules().stream().anyMatch(glob -> Jars.find(repository, glob).isEmpty())) {
                    continue;
                }
                set.running.add(start(spec, repository, work, direct, authHttp, tls, maxFiles));
                if (!spec.extraModules().isEmpty()) {
                    set.filtered.add(spec.name());
                }
                System.out.println("started " + spec.name());
            }
            return set;
        } catch (IOException | RuntimeException | InterruptedException e) {
            set.close();
            throw e;
        }
    }

    /** Why each target that cannot run (its module jar is not built) is pending. */
    static List<String> pendingOf(List<TargetSpec> specs, Path repository) {
        List<String> pending = new ArrayList<>();
        for (TargetSpec spec : specs) {
            List<String> missing = spec.extraModules().stream()
                    .filter(glob -> Jars.find(repository, glob).isEmpty()).toList();
            if (!missing.isEmpty()) {
                pending.add(spec.name() + ": pending, " + String.join(", ", missing) + " not built");
            }
        }
        return pending;
    }

    private static RunningTarget start(TargetSpec spec, Path repository, Path work, DirectTarget direct,
                                       InetSocketAddress authHttp, TlsFiles tls, long maxFiles)
            throws IOException, InterruptedException {
        if (spec.kind() == TargetSpec.Kind.DIRECT) {
            return direct;
        }
        int[] ports = FreePorts.pick(4);
        UpstreamPorts listen = new UpstreamPorts(new InetSocketAddress("127.0.0.1", ports[0]),
                new InetSocketAddress("127.0.0.1", ports[1]), new InetSocketAddress("127.0.0.1", ports[2]),
                new InetSocketAddress("127.0.0.1", ports[3]), authHttp);
        Path dir = Files.createDirectories(work.resolve(spec.name()));
        if (spec.kind() == TargetSpec.Kind.NGINX) {
            return new NginxLauncher().start(spec, dir, listen, tls, (int) Math.min(maxFiles, 1_000_000));
        }
        return new PosternLauncher(repository).start(spec, dir, listen, tls);
    }

    List<RunningTarget> running() {
        return List.copyOf(running);
    }

    /** Whether {@code target} runs extra (filter) modules, as {@code postern-filtered} does. */
    boolean filtered(RunningTarget target) {
        return filtered.contains(target.name());
    }

    List<String> pending() {
        return List.copyOf(pending);
    }

    /** The targets in the order of repetition {@code repetition} (from 1): rotated, so none is always first. */
    List<RunningTarget> order(int repetition) {
        List<RunningTarget> order = new ArrayList<>(running);
        java.util.Collections.rotate(order, -(repetition - 1));
        return order;
    }

    @Override
    public void close() {
        for (RunningTarget target : running) {
            target.close();
        }
    }
}
