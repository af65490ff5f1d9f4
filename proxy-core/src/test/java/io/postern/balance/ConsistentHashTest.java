package io.postern.balance;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.UpstreamAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** nginx stream's {@code hash $key consistent}: the same answer everywhere, and few users moved by a change. */
class ConsistentHashTest {

    private static final UpstreamAddress A = new UpstreamAddress("10.0.0.1", 143);
    private static final UpstreamAddress B = new UpstreamAddress("10.0.0.2", 143);
    private static final UpstreamAddress C = new UpstreamAddress("10.0.0.3", 143);
    private static final UpstreamAddress D = new UpstreamAddress("10.0.0.4", 143);
    private static final List<String> USERS = IntStream.range(0, 10_000).mapToObj(i -> "user" + i + "@example.com")
            .toList();

    private static Map<String, UpstreamAddress> owners(ConsistentHash ring) {
        Map<String, UpstreamAddress> owners = new HashMap<>();
        USERS.forEach(u -> owners.put(u, ring.order(u).get(0)));
        return owners;
    }

    @Test
    void everyInstanceGivesTheSameOrderWhateverTheOrderOfThePool() {
        ConsistentHash one = new ConsistentHash(List.of(A, B, C));
        ConsistentHash other = new ConsistentHash(List.of(C, A, B));
        for (String user : USERS.subList(0, 500)) {
            assertThat(other.order(user)).isEqualTo(one.order(user)).containsExactlyInAnyOrder(A, B, C);
        }
    }

    @Test
    void removingAServerMovesOnlyItsUsersToTheirNextServer() {
        ConsistentHash before = new ConsistentHash(List.of(A, B, C, D));
        ConsistentHash after = new ConsistentHash(List.of(A, B, D));
        for (String user : USERS) {
            List<UpstreamAddress> order = before.order(user);
            UpstreamAddress now = after.order(user).get(0);
            if (order.get(0).equals(C)) {
                assertThat(now).as("C's user goes where C's failover went").isEqualTo(order.get(1));
            } else {
                assertThat(now).as("%s stays", user).isEqualTo(order.get(0));
            }
        }
    }

    @Test
    void addingAServerTakesAboutItsShareAndEachServerHoldsAboutItsShare() {
        Map<String, UpstreamAddress> three = owners(new ConsistentHash(List.of(A, B, C)));
        Map<String, UpstreamAddress> four = owners(new ConsistentHash(List.of(A, B, C, D)));
        long moved = USERS.stream().filter(u -> !three.get(u).equals(four.get(u))).count();
        assertThat(USERS.stream().filter(u -> !three.get(u).equals(four.get(u))))
                .as("only users moved to the new server").allMatch(u -> four.get(u).equals(D));
        assertThat(moved).as("about a quarter moved").isBetween(1_500L, 3_500L);
        for (UpstreamAddress server : List.of(A, B, C, D)) {
            assertThat(four.values().stream().filter(server::equals).count()).as("%s's share", server)
                    .isBetween(1_500L, 3_500L);
        }
    }
}
