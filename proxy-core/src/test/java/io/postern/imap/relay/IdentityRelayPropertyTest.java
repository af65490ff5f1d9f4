package io.postern.imap.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.imap.ImapFilter;
import io.postern.testing.ByteSplits;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random valid conversations through an identity filter arrive byte for byte unchanged, except
 * for the continuation requests the relay handles itself for gathered literals (exactly one of
 * Postern's per gathered {@code {n}}, every upstream {@code +} it absorbed gone) and the
 * {@code {n+}} headers written {@code {n}} for an upstream without LITERAL+. Each step reaches its
 * channel in random reads of 1 to 64 bytes, so messages straddle reads anywhere.
 */
class IdentityRelayPropertyTest {

    private static final int SEEDS = Integer.getInteger("seeds", 200);
    private static final int INLINE_LIMIT = 64;

    @Test
    void identityFilterChangesNothingButTheContinuationsOfGatheredLiterals() {
        for (int seed = 0; seed < SEEDS; seed++) {
            Random random = new Random(seed);
            boolean literalPlus = random.nextBoolean();
            Conversation conversation = new Conversation(random, INLINE_LIMIT, literalPlus, 40);
            StringBuilder upstream = new StringBuilder();
            StringBuilder client = new StringBuilder();
            try (RelayHarness relay = new RelayHarness(INLINE_LIMIT,
                    literalPlus ? "* CAPABILITY IMAP4rev1 LITERAL+" : null, new ImapFilter() { })) {
                for (Conversation.Step step : conversation.steps) {
                    int maxRead = 1 + random.nextInt(64);
                    for (byte[] read : ByteSplits.random(Conversation.bytes(step.bytes()), random, maxRead).chunks()) {
                        if (step.fromClient()) {
                            relay.fromClient(read);
                        } else {
                            relay.fromServer(read);
                        }
                    }
                    upstream.append(relay.toUpstream());
                    client.append(relay.toClient());
                }
                String description = "seed " + seed + (literalPlus ? " with LITERAL+" : " without LITERAL+");
                assertThat(relay.closeReason()).as(description).isEmpty();
                assertThat(upstream.toString()).as(description + ": what the upstream received")
                        .isEqualTo(conversation.toUpstream.toString());
                assertThat(client.toString()).as(description + ": what the client received")
                        .isEqualTo(conversation.toClient.toString());
                assertThat(count(client, ClientSide.LITERAL_CONTINUATION + "\r\n"))
                        .as(description + ": Postern's continuation requests")
                        .isEqualTo(conversation.postersContinuations);
                assertThat(count(client, Conversation.ABSORBED)).as(description + ": absorbed continuations").isZero();
            }
        }
    }

    private static int count(CharSequence text, String line) {
        int count = 0;
        for (int i = text.toString().indexOf(line); i >= 0; i = text.toString().indexOf(line, i + 1)) {
            count++;
        }
        return count;
    }
}
