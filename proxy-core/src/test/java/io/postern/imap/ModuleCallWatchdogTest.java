package io.postern.imap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.postern.module.ModuleCallWatchdog;
import io.postern.module.ModuleTimes;
import io.postern.spi.AuthDecision;
import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.imap.ImapCommand;
import io.postern.spi.imap.ImapFilter;
import io.postern.spi.imap.ImapResponse;
import io.postern.testing.ImapFilterModule;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * An IMAP filter that blocks its event loop for 200 ms is named in the watchdog's warning, with
 * the event loop's stack showing where it blocked, and the time is added to its module's total.
 */
class ModuleCallWatchdogTest {

    @TempDir
    Path dir;

    /** Blocks the event loop on NOOP, as a filter doing blocking I/O would. */
    static final class BlockingFilter implements ImapFilter {
        @Override
        public CommandVerdict<ImapCommand, ImapResponse> onCommand(ImapCommand command) {
            if (command.verb().equals("NOOP")) {
                blockFor200Millis();
            }
            return CommandVerdict.pass();
        }

        private static void blockFor200Millis() {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            while (System.nanoTime() < until) {
                LockSupport.parkNanos(until - System.nanoTime());
            }
        }
    }

    /** The warnings of the watchdog's logger, and a latch on the first. */
    static final class Warnings extends AppenderBase<ILoggingEvent> {
        final List<String> messages = new CopyOnWriteArrayList<>();
        final CountDownLatch first = new CountDownLatch(1);

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel() == Level.WARN) {
                messages.add(event.getFormattedMessage());
                first.countDown();
            }
        }
    }

    @Test
    void aFilterThatBlocksItsEventLoopIsNamedWithItsStackAndItsTimeCounted() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(ModuleCallWatchdog.class);
        Warnings warnings = new Warnings();
        warnings.start();
        logger.addAppender(warnings);
        long before = ModuleTimes.of("imap-filter").nanos();
        try (GreenMailUpstream upstream = new GreenMailUpstream();
             PosternFixture postern = PosternFixture.start(dir, """
                     mail {
                       module_call_warn = 50ms
                       imap_auth = [plain, login]
                       servers { imap { protocol = imap, listen = "127.0.0.1:0" } }
                     }
                     """, StaticAuthModule.of(StaticAuthModule.users(
                             Map.of(GreenMailUpstream.USER, GreenMailUpstream.PASSWORD),
                             AuthDecision.acceptedTo(upstream.address()))),
                     ImapFilterModule.of(BlockingFilter::new));
             ScriptClient client = new ScriptClient(postern.address())) {
            client.run("""
                    S: \\* OK .*
                    C: a0 LOGIN bob@localhost s3cr3t-Pa55
                    S: a0 OK .*
                    C: a1 NOOP
                    S: a1 OK .*
                    """);

            assertThat(warnings.first.await(30, TimeUnit.SECONDS)).as("a warning").isTrue();
        } finally {
            logger.detachAppender(warnings);
        }

        assertThat(warnings.messages).hasSize(1);
        assertThat(warnings.messages.get(0))
                .startsWith("module \"imap-filter\" handler \"test-filter\" has been running for ")
                .contains("on event loop postern-", "holding up every session on it (module_call_warn 50 ms)")
                .contains(BlockingFilter.class.getName() + ".blockFor200Millis(")
                .contains(BlockingFilter.class.getName() + ".onCommand(");
        assertThat(ModuleTimes.of("imap-filter").nanos() - before).isGreaterThanOrEqualTo(
                TimeUnit.MILLISECONDS.toNanos(200));
    }
}
