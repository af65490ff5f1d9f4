package io.postern.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyQueueTest {

    private final List<String> sent = new ArrayList<>();
    private final ReplyQueue<String> queue = new ReplyQueue<>(reply -> {
        sent.add(reply.toString(StandardCharsets.US_ASCII));
        reply.release();
    });

    private static ByteBuf text(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }

    @Test
    void aLocalAnswerWithNothingAwaitedGoesAtOnce() {
        queue.answer(text("local"));
        assertThat(sent).containsExactly("local");
        assertThat(queue.head()).isEmpty();
    }

    @Test
    void localAnswersAndActionsWaitForTheRepliesBeforeThem() {
        queue.await("MAIL");
        queue.answer(text("550 for RCPT 1"));
        queue.await("RCPT 2");
        queue.then(() -> sent.add("close"));
        assertThat(sent).isEmpty();
        assertThat(queue.head()).contains("MAIL");
        assertThat(queue.complete()).isEqualTo("MAIL");
        assertThat(sent).containsExactly("550 for RCPT 1");
        assertThat(queue.head()).contains("RCPT 2");
        queue.complete();
        assertThat(sent).containsExactly("550 for RCPT 1", "close");
        assertThat(queue.size()).isZero();
    }

    @Test
    void completingWithNothingAwaitedIsAnError() {
        assertThatThrownBy(queue::complete).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void clearingReleasesTheQueuedAnswers() {
        queue.await("NOOP");
        ByteBuf answer = text("queued");
        queue.answer(answer);
        queue.clear();
        assertThat(answer.refCnt()).isZero();
        assertThat(queue.size()).isZero();
    }
}
