package io.postern.imap.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.CloseReason;
import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.filter.ResponseVerdict;
import io.postern.spi.imap.ImapCommand;
import io.postern.spi.imap.ImapFilter;
import io.postern.spi.imap.ImapResponse;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A filter's IMAP verdict that comes later (SPI 1.4): order kept, any thread, failures end the session. */
class ImapLaterVerdictTest {

    /** Asks for EXPUNGE's verdict later; passes the rest. */
    private static final class AskingFilter implements ImapFilter {
        final CompletableFuture<CommandVerdict<ImapCommand, ImapResponse>> verdict = new CompletableFuture<>();

        @Override
        public CommandVerdict<ImapCommand, ImapResponse> onCommand(ImapCommand command) {
            return command.verb().equals("EXPUNGE") ? CommandVerdict.later(verdict) : CommandVerdict.pass();
        }
    }

    private static void completeFromAnotherThread(Runnable completion) throws InterruptedException {
        Thread thread = new Thread(completion, "verdict-service");
        thread.start();
        thread.join();
    }

    @Test
    void aVerdictCompletedOnAnotherThreadLetsThePipelinedCommandBehindItGoInOrder() throws Exception {
        AskingFilter asking = new AskingFilter();
        try (RelayHarness relay = new RelayHarness(asking)) {
            relay.fromClient("a NOOP\r\nb EXPUNGE\r\nc NOOP\r\n");
            assertThat(relay.toUpstream()).isEqualTo("a NOOP\r\n");
            assertThat(relay.client.config().isAutoRead()).isFalse();

            completeFromAnotherThread(() -> asking.verdict.complete(CommandVerdict.pass()));
            relay.client.runPendingTasks();

            assertThat(relay.toUpstream()).isEqualTo("b EXPUNGE\r\nc NOOP\r\n");
            assertThat(relay.client.config().isAutoRead()).isTrue();
        }
    }

    @Test
    void aLaterAnswerKeepsItsTurnBehindTheRepliesBeforeIt() throws Exception {
        AskingFilter asking = new AskingFilter();
        try (RelayHarness relay = new RelayHarness(asking)) {
            relay.fromClient("a NOOP\r\nb EXPUNGE\r\nc NOOP\r\n");
            completeFromAnotherThread(() -> asking.verdict.complete(
                    CommandVerdict.answer(ImapResponse.Tagged.no("b", "Not allowed"))));
            relay.client.runPendingTasks();
            assertThat(relay.toUpstream()).isEqualTo("a NOOP\r\nc NOOP\r\n");
            relay.fromServer("a OK done\r\nc OK done\r\n");
            assertThat(relay.toClient()).isEqualTo("a OK done\r\nb NO Not allowed\r\nc OK done\r\n");
        }
    }

    @Test
    void aLaterResponseVerdictHoldsTheResponsesBehindIt() throws Exception {
        CompletableFuture<ResponseVerdict<ImapResponse>> verdict = new CompletableFuture<>();
        ImapFilter slow = new ImapFilter() {
            @Override
            public ResponseVerdict<ImapResponse> onResponse(ImapCommand command, ImapResponse response) {
                return response instanceof ImapResponse.Tagged tagged && tagged.tag().equals("a")
                        ? ResponseVerdict.later(verdict) : ResponseVerdict.pass();
            }
        };
        try (RelayHarness relay = new RelayHarness(slow)) {
            relay.fromClient("a NOOP\r\nb NOOP\r\n").fromServer("a OK done\r\nb OK done\r\n");
            assertThat(relay.toClient()).isEmpty();
            completeFromAnotherThread(() -> verdict.complete(
                    ResponseVerdict.replace(new ImapResponse.Tagged("a", "OK", Optional.empty(), "checked"))));
            relay.client.runPendingTasks();
            assertThat(relay.toClient()).isEqualTo("a OK checked\r\nb OK done\r\n");
        }
    }

    @Test
    void aVerdictThatFailsEndsTheSessionWithTheGoodbye() throws Exception {
        AskingFilter asking = new AskingFilter();
        try (RelayHarness relay = new RelayHarness(asking)) {
            relay.fromClient("b EXPUNGE\r\n");
            completeFromAnotherThread(() -> asking.verdict.completeExceptionally(new IllegalStateException("down")));
            relay.client.runPendingTasks();
            assertThat(relay.toClient()).isEqualTo("* BYE Internal error\r\n");
            assertThat(relay.closeReason()).contains(CloseReason.INTERNAL_ERROR);
            assertThat(relay.toUpstream()).isEmpty();
        }
    }
}
