package io.postern.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The facts a result means nothing without: the machine, the software, how busy it was. */
final class MachineInfo {

    private MachineInfo() {
    }

    static String markdown() {
        List<String> lines = new ArrayList<>();
        lines.add("- CPU: " + Runtime.getRuntime().availableProcessors() + " cores (nproc), " + cpuModel());
        lines.add("- memory: " + memTotal());
        lines.add("- kernel: " + System.getProperty("os.name") + " " + System.getProperty("os.version"));
        lines.add("- JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        lines.add("- nginx: " + command("/usr/sbin/nginx", "-v"));
        lines.add("- Dovecot: " + command("dovecot", "--version") + ", Postfix: " + command("postconf", "-d", "-h", "mail_version"));
        lines.add("- open files (RLIMIT_NOFILE of the harness, inherited by every process): " + maxFiles());
        lines.add("- load average when the run started: " + loadAverage());
        return String.join("\n", lines) + "\n";
    }

    static long maxFiles() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return 1024;
    }

    static String loadAverage() {
        return read("/proc/loadavg").split(" ").length >= 3
                ? String.join(" ", java.util.Arrays.copyOf(read("/proc/loadavg").split(" "), 3)) : "?";
    }

    private static String cpuModel() {
        for (String line : read("/proc/cpuinfo").split("\n")) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).strip();
            }
        }
        return "unknown model";
    }

    private static String memTotal() {
        for (String line : read("/proc/meminfo").split("\n")) {
            if (line.startsWith("MemTotal:")) {
                long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                return String.format(java.util.Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
            }
        }
        return "unknown";
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            return "";
        }
    }

    /** The first line a command prints (stdout or stderr), or why it could not run. */
    static String command(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor(10, TimeUnit.SECONDS);
            return out.isEmpty() ? "?" : out.lines().findFirst().orElse("?");
        } catch (IOException e) {
            return "not installed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
