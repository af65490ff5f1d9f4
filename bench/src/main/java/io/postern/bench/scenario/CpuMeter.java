package io.postern.bench.scenario;

import io.postern.bench.target.ProcStats;
import io.postern.bench.target.RunningTarget;

/** The proxy's CPU time (all its processes, user + system) from a start; nothing for direct. */
final class CpuMeter {

    private final RunningTarget target;
    private final double start;

    private CpuMeter(RunningTarget target, double start) {
        this.target = target;
        this.start = start;
    }

    static CpuMeter start(RunningTarget target) {
        return new CpuMeter(target, target.pid().isPresent() ? ProcStats.cpuSeconds(target.pid().getAsLong()) : 0);
    }

    boolean measured() {
        return target.pid().isPresent();
    }

    /**
     * The harness's own CPU time so far (the load generator's event loops, and the auth_http
     * server, which is small beside them), in nanoseconds; its child processes not included.
     */
    static long harnessNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Seconds of CPU since {@link #start}; 0 for direct. */
    double seconds() {
        return measured() ? ProcStats.cpuSeconds(target.pid().getAsLong()) - start : 0;
    }
}
