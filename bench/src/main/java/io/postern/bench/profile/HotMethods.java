package io.postern.bench.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording says the time went: the methods most often on top of the sampled
 * stacks (self time), and the Postern or Netty method nearest the top of each stack (what
 * part of the proxy the time is spent under). Text for the report.
 */
public final class HotMethods {

    private HotMethods() {
    }

    public static String summarise(Path recording, int top) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> area = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = stack.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            area.merge(area(frames), 1, Integer::sum);
        }
        StringBuilder text = new StringBuilder();
        text.append(samples).append(" execution samples.\n\nTop methods by self time:\n\n");
        table(text, self, samples, top);
        text.append("\nBy the nearest Postern class on the stack (else the nearest Netty/JDK package):\n\n");
        table(text, area, samples, top);
        return text.toString();
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static String area(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (type.startsWith("io.postern.")) {
                return type;
            }
        }
        String type = frames.get(0).getMethod().getType().getName();
        int dot = type.lastIndexOf('.');
        return dot > 0 ? type.substring(0, dot) + ".*" : type;
    }

    private static void table(StringBuilder text, Map<String, Integer> counts, int total, int top) {
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> text.append(String.format(Locale.ROOT, "    %5.1f%%  %s%n",
                        100.0 * e.getValue() / Math.max(1, total), e.getKey())));
    }

    /** {@code java -cp ... io.postern.bench.profile.HotMethods recording.jfr [top]}. */
    public static void main(String[] args) throws IOException {
        System.out.print(summarise(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 25));
    }
}
