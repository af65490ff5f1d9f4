package io.postern.smtp.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.engine.SessionLog;
import io.postern.module.Named;
import io.postern.relay.FilterChain;
import io.postern.spi.CloseReason;
import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.filter.PostLoginFilter;
import io.postern.spi.filter.ResponseVerdict;
import io.postern.spi.smtp.SmtpCommand;
import io.postern.spi.smtp.SmtpFilter;
import io.postern.spi.smtp.SmtpReply;
import io.postern.testing.FramedRelayHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A filter's SMTP verdict that comes later (SPI 1.4): order kept, any thread, bounded wait. */
class SmtpLaterVerdictTest {

    /** A relay whose chain goes on on the client's event loop, as a session's does. */
    private static FramedRelayHarness relay(SmtpFilter... filters) {
        return new FramedRelayHarness(text -> "421 4.3.0 " + text, connection -> {
            List<Named<? extends PostLoginFilter<SmtpCommand, SmtpReply>>> named = new ArrayList<>();
            for (int i = 0; i < filters.length; i++) {
                named.add(new Named<>("test", "filter-" + i, filters[i]));
            }
            FilterChain<SmtpCommand, SmtpReply> chain = new FilterChain<>(named,
                    SessionLog.detached("test")::error, SmtpCommand::verb, connection.client().eventLoop());
            return SmtpRelay.handlers(connection, chain, SmtpRelays.MAX_COMMAND_LINE).all();
        });
    }

    /** Asks for RCPT's verdict later; passes the rest. */
    private static final class AskingFilter implements SmtpFilter {
        final CompletableFuture<CommandVerdict<SmtpCommand, SmtpReply>> verdict = new CompletableFuture<>();
        final List<String> seen = new ArrayList<>();

        @Override
        public CommandVerdict<SmtpCommand, SmtpReply> onCommand(SmtpCommand command) {
            seen.add(command.verb() + " on " + (Thread.currentThread().getName().equals("verdict-service")
                    ? "the service's thread" : "the event loop"));
            return command.verb().equals("RCPT") ? CommandVerdict.later(verdict) : CommandVerdict.pass();
        }
    }

    private static void completeFromAnotherThread(Runnable completion) throws InterruptedException {
        Thread thread = new Thread(completion, "verdict-service");
        thread.start();
        thread.join();
    }

    @Test
    void aVerdictCompletedOnAnotherThreadGoesOnOnTheEventLoopWithThePipelinedCommandBehindIt() throws Exception {
        AskingFilter asking = new AskingFilter();
        try (FramedRelayHarness relay = relay(asking)) {
            relay.fromClient("MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nNOOP\r\n");
            assertThat(relay.toServer()).isEqualTo("MAIL FROM:<a@example.org>\r\n");
            assertThat(relay.client.config().isAutoRead()).isFalse();

            completeFromAnotherThread(() -> asking.verdict.complete(CommandVerdict.pass()));
            relay.client.runPendingTasks();

            assertThat(relay.toServer()).isEqualTo("RCPT TO:<b@example.org>\r\nNOOP\r\n");
            assertThat(asking.seen).containsExactly("MAIL on the event loop", "RCPT on the event loop",
                    "NOOP on the event loop");
            assertThat(relay.client.config().isAutoRead()).isTrue();
            relay.fromServer("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n250 2.0.0 Ok\r\n");
            assertThat(relay.toClient()).isEqualTo("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n250 2.0.0 Ok\r\n");
        }
    }

    @Test
    void aLaterAnswerKeepsItsTurnBehindTheRepliesBeforeIt() throws Exception {
        AskingFilter asking = new AskingFilter();
        try (FramedRelayHarness relay = relay(asking)) {
            relay.fromClient("MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nNOOP\r\n");
            completeFromAnotherThread(() -> asking.verdict.complete(
                    CommandVerdict.answer(new SmtpReply(550, List.of("5.7.1 Not allowed")))));
            relay.client.runPendingTasks();
            assertThat(relay.toServer()).isEqualTo("MAIL FROM:<a@example.org>\r\nNOOP\r\n");
            relay.fromServer("250 2.1.0 Ok\r\n250 2.0.0 Ok\r\n");
            assertThat(relay.toClient()).isEqualTo("250 2.1.0 Ok\r\n550 5.7.1 Not allowed\r\n250 2.0.0 Ok\r\n");
        }
    }

    @Test
    void aLaterReplyVerdictHoldsTheRepliesBehindIt() throws Exception {
        CompletableFuture<ResponseVerdict<SmtpReply>> verdict = new CompletableFuture<>();
        SmtpFilter slow = new SmtpFilter() {
            @Override
            public ResponseVerdict<SmtpReply> onResponse(SmtpCommand command, SmtpReply reply) {
                return command != null && command.verb().equals("MAIL") ? ResponseVerdict.later(verdict)
                        : ResponseVerdict.pass();
            }
        };
        try (FramedRelayHarness relay = relay(slow)) {
            relay.fromClient("MAIL FROM:<a@example.org>\r\nNOOP\r\n").fromServer("250 2.1.0 Ok\r\n250 2.0.0 Ok\r\n");
            assertThat(relay.toClient()).isEmpty();
            completeFromAnotherThread(() -> verdict.complete(
                    ResponseVerdict.replace(new SmtpReply(250, List.of("2.1.0 Sender ok")))));
            relay.client.runPendingTasks();
            assertThat(relay.toClient()).isEqualTo("250 2.1.0 Sender ok\r\n250 2.0.0 Ok\r\n");
        }
    }

    @Test
    void aVerdictThatNeverComesEndsTheSessionAfterTheTimeoutWithTheGoodbye() {
        AskingFilter asking = new AskingFilter();
        try (FramedRelayHarness relay = relay(asking)) {
            relay.client.freezeTime();
            relay.connection.verdictTimeout(Duration.ofSeconds(60));
            relay.fromClient("RCPT TO:<b@example.org>\r\nNOOP\r\n");
            relay.client.advanceTimeBy(59, TimeUnit.SECONDS);
            relay.client.runScheduledPendingTasks();
            assertThat(relay.closeReasons).isEmpty();
            relay.client.advanceTimeBy(2, TimeUnit.SECONDS);
            relay.client.runScheduledPendingTasks();
            assertThat(relay.toClient()).isEqualTo("421 4.3.0 Internal error\r\n");
            assertThat(relay.closeReasons).first().isEqualTo(CloseReason.INTERNAL_ERROR);
            assertThat(relay.toServer()).isEmpty();
            asking.verdict.complete(CommandVerdict.pass()); // too late: nothing more happens
            relay.client.runPendingTasks();
            assertThat(relay.toServer()).isEmpty();
        }
    }
}
