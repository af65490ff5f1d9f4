package io.postern.pop3.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.engine.SessionLog;
import io.postern.module.Named;
import io.postern.relay.FilterChain;
import io.postern.spi.CloseReason;
import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.filter.PostLoginFilter;
import io.postern.spi.filter.ResponseVerdict;
import io.postern.spi.pop3.Pop3Command;
import io.postern.spi.pop3.Pop3Filter;
import io.postern.spi.pop3.Pop3Response;
import io.postern.testing.FramedRelayHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A filter's verdict that comes later (SPI 1.4): order kept, any thread, bounded wait. */
class Pop3LaterVerdictTest {

    /** A relay whose chain goes on on the client's event loop, as a session's does. */
    private static FramedRelayHarness relay(Pop3Filter... filters) {
        return new FramedRelayHarness(text -> "-ERR " + text, connection -> {
            List<Named<? extends PostLoginFilter<Pop3Command, Pop3Response>>> named = new ArrayList<>();
            for (int i = 0; i < filters.length; i++) {
                named.add(new Named<>("test", "filter-" + i, filters[i]));
            }
            FilterChain<Pop3Command, Pop3Response> chain = new FilterChain<>(named,
                    SessionLog.detached("test")::error, Pop3Command::verb, connection.client().eventLoop());
            return Pop3Relay.handlers(connection, chain, 4096).all();
        });
    }

    /** Asks for DELE's verdict later; passes the rest. */
    private static final class AskingFilter implements Pop3Filter {
        final CompletableFuture<CommandVerdict<Pop3Command, Pop3Response>> verdict = new CompletableFuture<>();
        final List<String> seen = new ArrayList<>();

        @Override
        public CommandVerdict<Pop3Command, Pop3Response> onCommand(Pop3Command command) {
            seen.add(command.verb());
            return command.verb().equals("DELE") ? CommandVerdict.later(verdict) : CommandVerdict.pass();
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
        List<String> after = new ArrayList<>();
        Pop3Filter next = new Pop3Filter() {
            @Override
            public CommandVerdict<Pop3Command, Pop3Response> onCommand(Pop3Command command) {
                after.add(command.verb() + " on " + (Thread.currentThread().getName().equals("verdict-service")
                        ? "the service's thread" : "the event loop"));
                return CommandVerdict.pass();
            }
        };
        try (FramedRelayHarness relay = relay(asking, next)) {
            relay.fromClient("DELE 1\r\nNOOP\r\n");
            assertThat(relay.toServer()).isEmpty();
            assertThat(asking.seen).containsExactly("DELE");
            assertThat(relay.client.config().isAutoRead()).isFalse();

            completeFromAnotherThread(() -> asking.verdict.complete(CommandVerdict.pass()));
            relay.client.runPendingTasks();

            assertThat(relay.toServer()).isEqualTo("DELE 1\r\nNOOP\r\n");
            assertThat(asking.seen).containsExactly("DELE", "NOOP");
            assertThat(after).containsExactly("DELE on the event loop", "NOOP on the event loop");
            assertThat(relay.client.config().isAutoRead()).isTrue();
            relay.fromServer("+OK deleted\r\n+OK\r\n");
            assertThat(relay.toClient()).isEqualTo("+OK deleted\r\n+OK\r\n");
        }
    }

    @Test
    void aLaterAnswerKeepsItsTurnBehindTheRepliesBeforeIt() throws Exception {
        AskingFilter asking = new AskingFilter();
        try (FramedRelayHarness relay = relay(asking)) {
            relay.fromClient("STAT\r\nDELE 1\r\nNOOP\r\n");
            completeFromAnotherThread(() -> asking.verdict.complete(
                    CommandVerdict.answer(Pop3Response.err("not allowed"))));
            relay.client.runPendingTasks();
            assertThat(relay.toServer()).isEqualTo("STAT\r\nNOOP\r\n");
            relay.fromServer("+OK 1 10\r\n+OK\r\n");
            assertThat(relay.toClient()).isEqualTo("+OK 1 10\r\n-ERR not allowed\r\n+OK\r\n");
        }
    }

    @Test
    void aLaterResponseVerdictHoldsTheAnswersBehindIt() throws Exception {
        CompletableFuture<ResponseVerdict<Pop3Response>> verdict = new CompletableFuture<>();
        Pop3Filter slow = new Pop3Filter() {
            @Override
            public ResponseVerdict<Pop3Response> onResponse(Pop3Command command, Pop3Response response) {
                return command != null && command.verb().equals("STAT") ? ResponseVerdict.later(verdict)
                        : ResponseVerdict.pass();
            }
        };
        try (FramedRelayHarness relay = relay(slow)) {
            relay.fromClient("STAT\r\nNOOP\r\n").fromServer("+OK 1 10\r\n+OK\r\n");
            assertThat(relay.toClient()).isEmpty();
            completeFromAnotherThread(() -> verdict.complete(ResponseVerdict.replace(Pop3Response.ok("0 0"))));
            relay.client.runPendingTasks();
            assertThat(relay.toClient()).isEqualTo("+OK 0 0\r\n+OK\r\n");
        }
    }

    @Test
    void aVerdictThatNeverComesEndsTheSessionAfterTheTimeoutWithTheGoodbye() {
        AskingFilter asking = new AskingFilter();
        try (FramedRelayHarness relay = relay(asking)) {
            relay.client.freezeTime();
            relay.connection.verdictTimeout(Duration.ofSeconds(60));
            relay.fromClient("DELE 1\r\nNOOP\r\n");
            relay.client.advanceTimeBy(59, TimeUnit.SECONDS);
            relay.client.runScheduledPendingTasks();
            assertThat(relay.closeReasons).isEmpty();
            relay.client.advanceTimeBy(2, TimeUnit.SECONDS);
            relay.client.runScheduledPendingTasks();
            assertThat(relay.toClient()).isEqualTo("-ERR Internal error\r\n");
            assertThat(relay.closeReasons).first().isEqualTo(CloseReason.INTERNAL_ERROR);
            assertThat(relay.toServer()).isEmpty();
            asking.verdict.complete(CommandVerdict.pass()); // too late: nothing more happens
            relay.client.runPendingTasks();
            assertThat(relay.toServer()).isEmpty();
        }
    }

    @Test
    void aVerdictThatFailsEndsTheSessionWithTheGoodbye() throws Exception {
        AskingFilter asking = new AskingFilter();
        try (FramedRelayHarness relay = relay(asking)) {
            relay.fromClient("DELE 1\r\n");
            completeFromAnotherThread(() -> asking.verdict.completeExceptionally(new IllegalStateException("down")));
            relay.client.runPendingTasks();
            assertThat(relay.toClient()).isEqualTo("-ERR Internal error\r\n");
            assertThat(relay.closeReasons).first().isEqualTo(CloseReason.INTERNAL_ERROR);
        }
    }
}
