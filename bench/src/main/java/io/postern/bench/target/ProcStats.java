package io.postern.bench.target;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A proxy's CPU time and resident memory, from {@code /proc}: of the process and all its
 * descendants (nginx's master and workers; Postern's JVM has none), since what a proxy costs is
 * what all its processes cost. Read on the harness's thread between timed parts, never during one.
 */
public final class ProcStats {

    /** Clock ticks per second of the times in {@code /proc/<pid>/stat} (USER_HZ, 100 on Linux). */
    private static final double TICKS_PER_SECOND = ticksPerSecond();

    private ProcStats() {
    }

    /** User + system CPU seconds used so far by {@code pid} and its descendants, all threads. */
    public static double cpuSeconds(long pid) {
        return cpuTimes(pid).total();
    }

    /**
     * CPU seconds used so far by {@code pid} and its descendants, all threads, split into user
     * and system (kernel) time: on loopback the kernel's share is mostly TCP, the same work for
     * any proxy, so the split says what a proxy's own code costs.
     */
    public static CpuTimes cpuTimes(long pid) {
        long user = 0;
        long system = 0;
        for (long p : family(pid)) {
            String stat = read(p, "stat");
            if (stat != null) {
                long[] ticks = userAndSystemTicks(stat);
                user += ticks[0];
                system += ticks[1];
            } else if (p == pid) {
                throw new IllegalStateException("process " + pid + " is gone");
            }
        }
        return new CpuTimes(user / TICKS_PER_SECOND, system / TICKS_PER_SECOND);
    }

    /** CPU seconds in user space and in the kernel. */
    public record CpuTimes(double user, double system) {

        public double total() {
            return user + system;
        }

        public CpuTimes minus(CpuTimes earlier) {
            return new CpuTimes(user - earlier.user, system - earlier.system);
        }
    }

    /** Resident memory of {@code pid} and its descendants, in bytes (VmRSS, summed). */
    public static long rssBytes(long pid) {
        long kib = 0;
        for (long p : family(pid)) {
            String status = read(p, "status");
            if (status != null) {
                kib += rssKib(status);
            } else if (p == pid) {
                throw new IllegalStateException("process " + pid + " is gone");
            }
        }
        return kib * 1024;
    }

    /**
     * utime + stime of a {@code /proc/<pid>/stat} line, in ticks: fields 14 and 15, counted after
     * the command name in parentheses, which may itself hold spaces and parentheses.
     */
    static long cpuTicks(String stat) {
        long[] ticks = userAndSystemTicks(stat);
        return ticks[0] + ticks[1];
    }

    /** utime and stime of a {@code /proc/<pid>/stat} line, in ticks. */
    static long[] userAndSystemTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).strip().split(" ");
        // fields[0] is field 3 (state), so field 14 (utime) is fields[11] and 15 (stime) fields[12]
        return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
    }

    /**
     * CPU seconds every process on the machine has used so far, all cores (the first line of
     * {@code /proc/stat}): what the whole chain (load generator, proxy, Dovecot or Postfix, the
     * auth server) costs, whose reciprocal bounds a rate on a machine all of them share.
     */
    public static double machineBusySeconds() {
        try {
            return machineBusyTicks(Files.readString(Path.of("/proc/stat"), StandardCharsets.US_ASCII))
                    / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The busy ticks of {@code /proc/stat}'s first ({@code cpu}) line: user, nice, system, irq,
     * softirq and steal; not idle or iowait (guest time is already inside user and nice).
     */
    static long machineBusyTicks(String procStat) {
        String[] fields = procStat.substring(0, procStat.indexOf('\n')).strip().split(" +");
        if (!fields[0].equals("cpu")) {
            throw new IllegalStateException("/proc/stat does not start with the cpu line: " + fields[0]);
        }
        long busy = 0;
        for (int field : new int[] {1, 2, 3, 6, 7, 8}) {
            busy += field < fields.length ? Long.parseLong(fields[field]) : 0;
        }
        return busy;
    }

    /** The {@code VmRSS:} line of a {@code /proc/<pid>/status}, in KiB (0 for a kernel thread, which has none). */
    static long rssKib(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    private static List<Long> family(long pid) {
        List<Long> pids = new ArrayList<>();
        pids.add(pid);
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
        return pids;
    }

    /** The file's text, or null when the process has exited (a worker may, between listing and reading). */
    private static String read(long pid, String file) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), file), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            if (!Files.exists(Path.of("/proc", Long.toString(pid)))) {
                return null;
            }
            throw new UncheckedIOException(e);
        }
    }

    private static double ticksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (getconf.waitFor() == 0 && out.matches("[0-9]+")) {
                return Long.parseLong(out);
            }
        } catch (IOException e) {
            // the Linux value below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
