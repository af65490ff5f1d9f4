package io.postern.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
            public ResponseVerdict<String> onResponse(String command, String response) {
                seen.add(name + ":" + response + " <- " + command);
                return ResponseVerdict.pass();
            }
        };
    }

    /** A filter written for SPI 1.3: only the one-argument onResponse. */
    private TextFilter oldStyle(String name) {
        return new TextFilter() {
            @Override
            public ResponseVerdict<String> onResponse(String response) {
                seen.add(name + ":" + response);
                return ResponseVerdict.pass();
            }
        };
    }

    private static TextFilter renaming() {
        return new TextFilter() {
            @Override
            public CommandVerdict<String, String> onCommand(String command) {
                return CommandVerdict.replace(command.replace("Sent", "INBOX.Sent"));
            }

            @Override
            public ResponseVerdict<String> onResponse(String command, String response) {
                return ResponseVerdict.replace(response.replace("INBOX.Sent", "Sent"));
            }
        };
    }

    private static TextFilter answering(String... answer) {
        return new TextFilter() {
            @Override
            public CommandVerdict<String, String> onCommand(String command) {
                return CommandVerdict.answer(answer);
            }
        };
    }

    private static <C> SeenCommand<C> pass(FilterChain<C, String> chain, C command) {
        FilterChain.Decision<C, String> decision = chain.onCommand(command);
        assertThat(decision.verdict()).isSameAs(CommandVerdict.pass());
        return decision.seen();
    }

    @Test
    void everyFilterPassingPassesTheMessageItselfAndResponsesGoInnermostFirst() {
        FilterChain<String, String> chain = chain(recording("a"), recording("b"));

        SeenCommand<String> select = pass(chain, "SELECT INBOX");
        assertThat(chain.onResponse(select, "* 3 EXISTS")).isSameAs(ResponseVerdict.pass());
        assertThat(seen).containsExactly("a:SELECT INBOX", "b:SELECT INBOX",
                "b:* 3 EXISTS <- SELECT INBOX", "a:* 3 EXISTS <- SELECT INBOX");
    }

    @Test
    void aResponseWithoutACommandReachesFiltersWithNull() {
        FilterChain<String, String> chain = chain(recording("a"), oldStyle("b"));

        assertThat(chain.onResponse(null, "* BYE going away")).isSameAs(ResponseVerdict.pass());
        assertThat(seen).containsExactly("b:* BYE going away", "a:* BYE going away <- null");
    }

    @Test
    void aReplacementIsWhatLaterFiltersSeeAndEachFilterGetsTheCommandAsItSawIt() {
        FilterChain<String, String> chain = chain(recording("outer"), renaming(), recording("inner"));

        FilterChain.Decision<String, String> decision = chain.onCommand("SELECT Sent");
        assertThat(decision.verdict()).isEqualTo(CommandVerdict.replace("SELECT INBOX.Sent"));
        assertThat(decision.seen().sent()).isEqualTo("SELECT INBOX.Sent");
        assertThat(chain.onResponse(decision.seen(), "* LIST () \".\" INBOX.Sent"))
                .isEqualTo(ResponseVerdict.replace("* LIST () \".\" Sent"));
        assertThat(seen).containsExactly("outer:SELECT Sent", "inner:SELECT INBOX.Sent",
                "inner:* LIST () \".\" INBOX.Sent <- SELECT INBOX.Sent",
                "outer:* LIST () \".\" Sent <- SELECT Sent");
    }

    @Test
    void anAnswerPassesBackThroughTheFiltersBeforeItWithTheCommandTheySaw() {
        FilterChain<String, String> chain = chain(recording("audit"), renaming(), answering("a1 NO denied"),
                recording("never"));

        FilterChain.Decision<String, String> decision = chain.onCommand("DELETE Sent");

        assertThat(decision.verdict()).isEqualTo(CommandVerdict.answer("a1 NO denied"));
        assertThat(seen).containsExactly("audit:DELETE Sent", "audit:a1 NO denied <- DELETE Sent");
    }

    @Test
    void anAnswerIsWhatTheFiltersBeforeItMadeOfIt() {
        TextFilter rewording = new TextFilter() {
            @Override
            public ResponseVerdict<String> onResponse(String command, String response) {
                return response.startsWith("*") ? ResponseVerdict.drop()
                        : ResponseVerdict.replace(response + " (reworded)");
            }
        };
        FilterChain<String, String> chain = chain(rewording, answering("* NO hint", "a1 NO denied"));

        assertThat(chain.onCommand("DELETE INBOX").verdict())
                .isEqualTo(CommandVerdict.answer("a1 NO denied (reworded)"));
        assertThatThrownBy(() -> chain(dropping(), answering("a1 NO denied")).onCommand("DELETE INBOX"))
                .isInstanceOf(FilterFailure.class);
    }

    private static TextFilter dropping() {
        return new TextFilter() {
            @Override
            public ResponseVerdict<String> onResponse(String response) {
                return ResponseVerdict.drop();
            }
        };
    }

    @Test
    void anAnswerOrDropStopsTheChain() {
        FilterChain<String, String> chain = chain(recording("b"), answering("a1 NO denied"));
        FilterChain<String, String> dropped = chain(recording("b"), dropping());

        assertThat(chain.onCommand("DELETE INBOX").verdict()).isEqualTo(CommandVerdict.answer("a1 NO denied"));
        assertThat(dropped.onResponse(null, "* 1 RECENT")).isSameAs(ResponseVerdict.drop());
        assertThat(seen).containsExactly("b:DELETE INBOX", "b:a1 NO denied <- DELETE INBOX");
    }

    @Test
    void aFilterThatThrowsIsAFailureAndTheLogNamesTheVerbOnly() {
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

        assertThatThrownBy(() -> chain.onCommand("LOGIN alice s3cret")).isInstanceOf(FilterFailure.class)
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> chain.onResponse(null, "* OK")).isInstanceOf(FilterFailure.class);
        assertThat(seen).containsExactly("a:LOGIN alice s3cret", "c:* OK <- null");
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
            chain.onStreamedData(Direction.FROM_SERVER, composite);
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
            assertThatThrownBy(() -> chain(broken).onStreamedData(Direction.FROM_CLIENT, data))
                    .isInstanceOf(FilterFailure.class);
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

    @Test
    void aLaterVerdictResumesTheChainAtTheNextFilterWithTheCommandAsReplaced() {
        java.util.concurrent.CompletableFuture<CommandVerdict<String, String>> verdict =
                new java.util.concurrent.CompletableFuture<>();
        TextFilter asking = new TextFilter() {
            @Override
            public CommandVerdict<String, String> onCommand(String command) {
                return CommandVerdict.later(verdict);
            }
        };
        FilterChain<String, String> chain = chain(recording("a"), asking, recording("c"));

        FilterChain.Decision<String, String> decision = chain.onCommand("SELECT Sent");
        assertThat(decision.pending()).isTrue();
        assertThat(seen).containsExactly("a:SELECT Sent");
        verdict.complete(CommandVerdict.replace("SELECT INBOX.Sent"));
        FilterChain.Decision<String, String> decided = decision.later().toCompletableFuture().join();
        assertThat(decided.verdict()).isEqualTo(CommandVerdict.replace("SELECT INBOX.Sent"));
        assertThat(seen).containsExactly("a:SELECT Sent", "c:SELECT INBOX.Sent");
        chain.onResponse(decided.seen(), "a1 OK");
        assertThat(seen).endsWith("c:a1 OK <- SELECT INBOX.Sent", "a:a1 OK <- SELECT Sent");
    }

    @Test
    void anAnswerWaitsForALaterVerdictOfAnEarlierFiltersResponsePath() {
        java.util.concurrent.CompletableFuture<ResponseVerdict<String>> verdict =
                new java.util.concurrent.CompletableFuture<>();
        TextFilter slowAudit = new TextFilter() {
            @Override
            public ResponseVerdict<String> onResponse(String command, String response) {
                return ResponseVerdict.later(verdict);
            }
        };
        FilterChain<String, String> chain = chain(slowAudit, answering("a1 NO denied"));

        FilterChain.Decision<String, String> decision = chain.onCommand("DELETE INBOX");
        assertThat(decision.pending()).isTrue();
        verdict.complete(ResponseVerdict.replace("a1 NO [NOPERM] denied"));
        assertThat(decision.later().toCompletableFuture().join().verdict())
                .isEqualTo(CommandVerdict.answer("a1 NO [NOPERM] denied"));
    }
}
