package io.postern.log.writer;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.postern.log.access.LogFormat;
import io.postern.log.access.LogFormatTest;
import io.postern.log.session.ClosedSession;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogWriterTest {

    private static final Path FILE = Path.of("/nowhere/access.log");
    private static final LogFormat ID = LogFormat.compile("id", "$session_id");

    /** A session's line for each of {@code files}, as the access log queues it. */
    private static LogEntry entry(ClosedSession session, Path... files) {
        return out -> {
            for (Path file : files) {
                out.write(file, ID.format(session));
            }
        };
    }

    private static LogWriter writer(int capacity, LineSink.Opener opener, Duration warnInterval) {
        return new LogWriter("access_log", "session line(s)", Set.of(FILE), capacity, opener, warnInterval);
    }

    /** A sink that records lines, and blocks in its first write until released. */
    private static final class SlowSink implements LineSink {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final String name;

        SlowSink(String name) {
            this.name = name;
        }

        @Override
        public void write(String line) throws IOException {
            writing.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            lines.add(line);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void dropsLinesWhenTheQueueIsFullCountsThemAndWarnsOnce() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(LogWriter.class);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        logger.addAppender(captured);
        SlowSink sink = new SlowSink("slow");
        try (LogWriter writer = writer(4, path -> sink, Duration.ofHours(1))) {
            writer.start();
            assertThat(writer.offer(entry(LogFormatTest.session("x"), FILE))).isTrue();
            assertThat(sink.writing.await(10, TimeUnit.SECONDS)).isTrue();
            // The writer is stuck in its first write: four more fit in the queue, three do not.
            List<Boolean> offered = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                offered.add(writer.offer(entry(LogFormatTest.session("x"), FILE)));
            }
            assertThat(offered).containsExactly(true, true, true, true, false, false, false);
            assertThat(writer.dropped()).isEqualTo(3);
            sink.release.countDown();
            awaitLines(sink, 5);
            awaitWarnings(captured, 1);
            assertThat(captured.list.get(0).getFormattedMessage())
                    .startsWith("access_log: dropped 3 session line(s) because 4 were already waiting");
        } finally {
            logger.detachAppender(captured);
        }
        // One warning for the three drops, not one per drop.
        assertThat(captured.list).hasSize(1);
    }

    @Test
    void reopensInOrderWithTheQueuedLines() throws Exception {
        List<SlowSink> opened = new CopyOnWriteArrayList<>();
        LineSink.Opener opener = path -> {
            SlowSink sink = new SlowSink("file " + opened.size());
            sink.release.countDown();
            opened.add(sink);
            return sink;
        };
        try (LogWriter writer = writer(16, opener, Duration.ofMinutes(1))) {
            writer.start();
            writer.offer(entry(LogFormatTest.session("before"), FILE));
            writer.reopen();
            writer.offer(entry(LogFormatTest.session("after"), FILE));
            awaitLines(opened.get(1), 1);
        }
        assertThat(opened).hasSize(2);
        assertThat(opened.get(0).lines).containsExactly("0000002a");
        assertThat(opened.get(1).lines).containsExactly("0000002a");
    }

    @Test
    void closeWritesWhatIsQueued() throws Exception {
        SlowSink sink = new SlowSink("file");
        sink.release.countDown();
        LogWriter writer = writer(16, path -> sink, Duration.ofMinutes(1));
        writer.start();
        for (int i = 0; i < 5; i++) {
            writer.offer(entry(LogFormatTest.session("x"), FILE, FILE));
        }
        writer.close();
        assertThat(sink.lines).hasSize(10);
    }

    private static void awaitLines(SlowSink sink, int n) throws InterruptedException {
        for (int i = 0; i < 500 && sink.lines.size() < n; i++) {
            Thread.sleep(10);
        }
        assertThat(sink.lines).hasSizeGreaterThanOrEqualTo(n);
    }

    private static void awaitWarnings(ListAppender<ILoggingEvent> captured, int n) throws InterruptedException {
        // The writer checks for drops at least once a second, even when idle.
        for (int i = 0; i < 300 && captured.list.size() < n; i++) {
            Thread.sleep(10);
        }
        assertThat(captured.list).hasSizeGreaterThanOrEqualTo(n);
    }
}
