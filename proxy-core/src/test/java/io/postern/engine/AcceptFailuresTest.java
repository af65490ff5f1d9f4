package io.postern.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.CopyOnWriteArrayList;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A failed accept() on a listener (nginx's ngx_event_accept): out of file descriptors, one
 * warning a minute naming the limit and a pause in accepting; never an exception at the end
 * of the server channel's pipeline.
 */
class AcceptFailuresTest {

    private static final String EMFILE = "Too many open files";

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final AtomicLong clock = new AtomicLong();
    private Logger root;

    @BeforeEach
    void capture() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logged.start();
        root.addAppender(logged);
    }

    @AfterEach
    void release() {
        root.detachAppender(logged);
    }

    private EmbeddedChannel listener() {
        AcceptFailures failures = new AcceptFailures("127.0.0.1:143", clock::get, new AcceptFailures.Descriptors() {
            @Override
            public long open() {
                return 20000;
            }

            @Override
            public long max() {
                return 20000;
            }
        });
        return new EmbeddedChannel(failures);
    }

    private List<String> warnings() {
        return logged.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Test
    void outOfDescriptorsWarnsOnceNamingTheLimitAndHowToRaiseIt() {
        EmbeddedChannel listener = listener();
        listener.pipeline().fireExceptionCaught(new IOException(EMFILE));
        listener.checkException(); // nothing reached the end of the pipeline

        assertThat(warnings()).containsExactly("accept() on 127.0.0.1:143 failed (Too many open files): 20000 of "
                + "20000 file descriptors in use; raise the open-files limit (ulimit -n, LimitNOFILE=); not "
                + "accepting for 500 ms");
        assertThat(logged.list).noneMatch(e -> e.getThrowableProxy() != null);
        listener.finishAndReleaseAll();
    }

    @Test
    void stopsAcceptingForHalfASecondAsNginxDoes() {
        EmbeddedChannel listener = listener();
        listener.freezeTime(); // only advanceTimeBy moves the clock, however slowly the machine runs
        listener.pipeline().fireExceptionCaught(new IOException("accept(..) failed: " + EMFILE));
        assertThat(listener.config().isAutoRead()).isFalse();

        listener.advanceTimeBy(499, TimeUnit.MILLISECONDS);
        listener.runScheduledPendingTasks();
        assertThat(listener.config().isAutoRead()).isFalse();
        listener.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        listener.runScheduledPendingTasks();
        assertThat(listener.config().isAutoRead()).isTrue();
        listener.finishAndReleaseAll();
    }

    @Test
    void warnsAtMostOnceAMinuteThenSaysHowManyWereLeftOut() {
        EmbeddedChannel listener = listener();
        for (int i = 0; i < 50; i++) {
            clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
            listener.pipeline().fireExceptionCaught(new IOException(EMFILE));
        }
        assertThat(warnings()).hasSize(1);

        clock.addAndGet(TimeUnit.SECONDS.toNanos(60));
        listener.pipeline().fireExceptionCaught(new IOException(EMFILE));
        assertThat(warnings()).hasSize(3);
        assertThat(warnings().get(1)).isEqualTo("accept() on 127.0.0.1:143 failed 49 more time(s) in the last 60 s");
        listener.checkException();
        listener.finishAndReleaseAll();
    }

    @Test
    void otherAcceptFailuresAreOneLineWithoutAPause() {
        EmbeddedChannel listener = listener();
        listener.pipeline().fireExceptionCaught(new IOException("accept(..) failed: Protocol error"));
        listener.checkException();
        assertThat(listener.config().isAutoRead()).isTrue();
        assertThat(warnings()).containsExactly("accept() on 127.0.0.1:143 failed: Protocol error");
        assertThat(logged.list).noneMatch(e -> e.getThrowableProxy() != null);
        listener.finishAndReleaseAll();
    }

    /**
     * The real thing: a listener process under {@code ulimit -n 128} flooded with connections
     * from this one says once that it is out of descriptors, names the limit, never lets the
     * error reach the end of its pipeline, and accepts again once connections go away.
     */
    @Test
    void aListenerOutOfDescriptorsWarnsOnceAndAcceptsAgainWhenSomeAreFreed() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process probe = new ProcessBuilder("bash", "-c", "ulimit -n 128 && exec \"$0\" -cp \"$1\" "
                + AcceptFailuresProbe.class.getName(), java, System.getProperty("java.class.path"))
                .redirectErrorStream(true).start();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(probe.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.add(line);
                }
            } catch (IOException e) {
                // the probe is gone
            }
        });
        reader.start();
        List<Socket> clients = new ArrayList<>();
        try {
            int port = Integer.parseInt(awaitLine(output, "PORT ").split(" ")[1]);
            for (int i = 0; i < 200 && output.stream().noneMatch(l -> l.contains("Too many open files")); i++) {
                Socket client = new Socket();
                client.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                clients.add(client);
            }
            String warning = awaitLine(output, "Too many open files");
            assertThat(warning).contains("accept() on probe failed (Too many open files): 128 of 128 file "
                    + "descriptors in use; raise the open-files limit (ulimit -n, LimitNOFILE=); not accepting for "
                    + "500 ms");
            for (Socket client : clients) {
                client.close();
            }
            clients.clear();
            try (Socket late = new Socket()) {
                late.setSoTimeout(10_000);
                late.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                assertThat(late.getInputStream().read()).as("accepted once descriptors were freed").isEqualTo('+');
            }
            probe.getOutputStream().write("quit\n".getBytes(StandardCharsets.US_ASCII));
            probe.getOutputStream().flush();
            assertThat(probe.waitFor(20, TimeUnit.SECONDS)).isTrue();
            reader.join(5_000);
        } finally {
            for (Socket client : clients) {
                client.close();
            }
            probe.destroyForcibly();
        }
        assertThat(output).filteredOn(l -> l.contains("Too many open files")).hasSize(1);
        assertThat(output).noneMatch(l -> l.contains("reached at the tail") || l.startsWith("\tat "));
    }

    /** The first line of the probe's output containing {@code text}, waiting for it a bounded while. */
    private static String awaitLine(List<String> output, String text) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            for (String line : output) {
                if (line.contains(text)) {
                    return line;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the probe never printed \"" + text + "\"; its last lines: "
                + output.subList(Math.max(0, output.size() - 20), output.size()));
    }

    @Test
    void aRealListenerKeepsTheErrorFromTheEndOfItsPipeline() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInboundHandlerAdapter())
                    .handler(new AcceptFailures("127.0.0.1:0"))
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            // Netty's acceptor joins the pipeline in a task after registration: let it.
            server.eventLoop().submit(() -> { }).sync();
            server.eventLoop().submit(() -> server.pipeline().fireExceptionCaught(new IOException(EMFILE))).sync();
            assertThat(server.config().isAutoRead()).isFalse();
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
        assertThat(logged.list).noneMatch(e -> e.getFormattedMessage().contains("reached at the tail of the pipeline"));
        assertThat(warnings()).hasSize(1).allMatch(w -> w.startsWith("accept() on 127.0.0.1:0 failed (Too many open "
                + "files): ") && w.contains(" file descriptors in use; raise the open-files limit"));
    }
}
