package io.postern.bench.target;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The JVM's own account of its memory ({@code jcmd <pid> VM.native_memory summary}: heap,
 * metaspace, threads, code cache, GC, direct memory under "Other"), printed on the console for
 * a Postern variant started with {@code -XX:NativeMemoryTracking=summary}; nothing for any
 * other process.
 */
public final class NativeMemory {

    private NativeMemory() {
    }

    public static void print(String target, long pid) {
        try {
            String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8);
            if (!cmdline.contains("-XX:NativeMemoryTracking=")) {
                return;
            }
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "VM.native_memory", "summary")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            System.out.println("---- " + target + ": jcmd " + pid + " VM.native_memory summary ----\n" + out);
        } catch (IOException e) {
            System.out.println("---- " + target + ": no native memory summary: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
