package io.postern.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.postern.module.Named;
import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.filter.Direction;
import io.postern.spi.filter.PostLoginFilter;
import io.postern.spi.filter.ResponseVerdict;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterChainTest {

    /** Commands and responses are plain strings here: the chain does not care what they are. */
    private interface TextFilter extends PostLoginFilter<String, String> {
    }

    private final List<String> logged = new ArrayList<>();
    private final List<String> seen = new ArrayList<>();

    private FilterChain<String, String> chain(TextFilter... filters) {
        List<Named<? extends PostLoginFilter<String, String>>> named = new ArrayList<>();
        for (int i = 0; i < filters.length; i++) {
            named.add(new Named<>("module" + i, "filter" + i, filters[i]));
        }
        return new FilterChain<>(named, (format, args) -> logged.add(format + " " + List.of(args)), c -> c.split(" ")[0]);
    }

    private TextFilter recording(String name) {
        return new TextFilter() {
            @Override
            public CommandVerdict<String, String> onCommand(String command) {
                seen.add(name + ":" + command);
                return CommandVerdict.pass();
            }

            @Override
            public ResponseVerdict<String> onResponse(String response) {
                seen.add(name + ":" + response);
                return ResponseVerdict.pass();
            }
        };
    }

    @Test
    void everyFilterPassingPassesTheMessageItself() {
        FilterChain<String, String> chain = chain(recording("a"), recording("b"));

        assertThat(chain.onCommand("SELECT INBOX")).isSameAs(CommandVerdict.pass());
        assertThat(chain.onResponse("* 3 EXISTS")).isSameAs(ResponseVerdict.pass());
        assertThat(seen).containsExactly("a:SELECT INBOX", "b:SELECT INBOX", "a:* 3 EXISTS", "b:* 3 EXISTS");
    }

    @Test
    void aReplacementIsWhatLaterFiltersSeeAndWhatTheChainAnswers() {
        TextFilter renaming = new TextFilter() {
            @Override
            public CommandVerdict<String, String> onCommand(String command) {
                return CommandVerdict.replace(command.replace("Sent", "INBOX.Sent"));
            }

            @Override
            public ResponseVerdict<String> onResponse(String response) {
                return ResponseVerdict.replace(response.replace("INBOX.Sent", "Sent"));
            }
        };
        FilterChain<String, String> chain = chain(renaming, recording("b"));

        assertThat(chain.onCommand("SELECT Sent")).isEqualTo(CommandVerdict.replace("SELECT INBOX.Sent"));
        assertThat(chain.onResponse("* LIST () \".\" INBOX.Sent")).isEqualTo(ResponseVerdict.replace("* LIST () \".\" Sent"));
        assertThat(seen).containsExactly("b:SELECT INBOX.Sent", "b:* LIST () \".\" Sent");
    }

    @Test
    void anAnswerOrDropStopsTheChain() {
        TextFilter refusing = new TextFilter() {
            @Override
            public CommandVerdict<String, String> onCommand(String command) {
                return CommandVerdict.answer("a1 NO denied");
            }

            @Override
            public ResponseVerdict<String> onResponse(String response) {
                return ResponseVerdict.drop();
            }
        };
        FilterChain<String, String> chain = chain(refusing, recording("b"));

        assertThat(chain.onCommand("DELETE INBOX")).isEqualTo(CommandVerdict.answer("a1 NO denied"));
        assertThat(chain.onResponse("* 1 RECENT")).isSameAs(ResponseVerdict.drop());
        assertThat(seen).isEmpty();
    }

    @Test
    void aFilterThatThrowsClosesTheSessionAndTheLogNamesTheVerbOnly() {
        TextFilter broken = new TextFilter() {
            @Override
            public CommandVerdict<String, String> onCommand(String command) {
                throw new IllegalStateException("boom");
            }

            @Override
            public ResponseVerdict<String> onResponse(String response) {
                return null;
            }
        };
        FilterChain<String, String> chain = chain(recording("a"), broken, recording("c"));

        assertThat(chain.onCommand("LOGIN alice s3cret")).isEqualTo(CommandVerdict.close(FilterChain.INTERNAL_ERROR));
        assertThat(chain.onResponse("* OK")).isEqualTo(ResponseVerdict.close(FilterChain.INTERNAL_ERROR));
        assertThat(seen).containsExactly("a:LOGIN alice s3cret", "a:* OK");
        assertThat(logged).hasSize(2);
        assertThat(logged.get(0)).contains("filter1", "LOGIN", "boom").doesNotContain("s3cret");
        assertThat(logged.get(1)).contains("null verdict");
    }

    @Test
    void streamedDataReachesEveryFilterReadOnlyAndLeavesTheBufferAsItWas() {
        List<String> chunks = new ArrayList<>();
        TextFilter observer = new TextFilter() {
            @Override
            public void onStreamedData(Direction direction, ByteBuffer chunk) {
                assertThat(chunk.isReadOnly()).isTrue();
                chunks.add(direction + ":" + StandardCharsets.US_ASCII.decode(chunk));
            }
        };
        FilterChain<String, String> chain = chain(observer, observer);
        ByteBuf composite = Unpooled.wrappedBuffer(Unpooled.copiedBuffer("Hel", StandardCharsets.US_ASCII),
                Unpooled.copiedBuffer("lo", StandardCharsets.US_ASCII));
        try {
            assertThat(chain.onStreamedData(Direction.FROM_SERVER, composite)).isEmpty();
            assertThat(composite.readableBytes()).isEqualTo(5);
        } finally {
            composite.release();
        }
        assertThat(chunks).containsExactly("FROM_SERVER:Hello", "FROM_SERVER:Hello");
    }

    @Test
    void aFilterFailingOnStreamedDataEndsTheSession() {
        TextFilter broken = new TextFilter() {
            @Override
            public void onStreamedData(Direction direction, ByteBuffer chunk) {
                throw new IllegalStateException("boom");
            }
        };
        ByteBuf data = Unpooled.copiedBuffer("x", StandardCharsets.US_ASCII);
        try {
            assertThat(chain(broken).onStreamedData(Direction.FROM_CLIENT, data)).contains(FilterChain.INTERNAL_ERROR);
        } finally {
            data.release();
        }
    }

    @Test
    void theInlineLimitIsTheLargestAskedForWithinTheBounds() {
        TextFilter wantsMore = new TextFilter() {
            @Override
            public int inlineLimit() {
                return 100_000;
            }
        };
        assertThat(chain(recording("a")).inlineLimit(8192, 1 << 20)).isEqualTo(8192);
        assertThat(chain(recording("a"), wantsMore).inlineLimit(8192, 1 << 20)).isEqualTo(100_000);
        assertThat(chain(wantsMore).inlineLimit(8192, 65536)).isEqualTo(65536);
    }

    @Test
    void closeTellsEveryFilterOnceEvenWhenOneThrows() {
        List<String> closed = new ArrayList<>();
        TextFilter first = new TextFilter() {
            @Override
            public void onClose() {
                closed.add("first");
                throw new IllegalStateException("boom");
            }
        };
        TextFilter second = new TextFilter() {
            @Override
            public void onClose() {
                closed.add("second");
            }
        };
        FilterChain<String, String> chain = chain(first, second);

        chain.close();
        chain.close();

        assertThat(closed).containsExactly("first", "second");
        assertThat(logged).singleElement().asString().contains("failed to close");
    }
}
