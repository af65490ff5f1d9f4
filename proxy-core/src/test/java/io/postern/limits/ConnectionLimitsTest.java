package io.postern.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.config.RealIpNetwork;
import io.postern.spi.Refusal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The process-wide counts: each limit refuses the connection beyond it, and every lease gives its count back once. */
class ConnectionLimitsTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong();

    private static InetSocketAddress client(String address) {
        return new InetSocketAddress(address, 40000);
    }

    private static LimitSettings limits(int perIp, ConnectionRate rate, int burst, int perUser, int perUserIp,
                                        String... exempt) {
        return new LimitSettings(AccessRules.ALLOW_ALL, List.of(exempt).stream().map(RealIpNetwork::parse).toList(),
                perIp, rate, burst, perUser, perUserIp);
    }

    private static LimitSettings perIp(int limit, String... exempt) {
        return limits(limit, ConnectionRate.OFF, 1, 0, 0, exempt);
    }

    private static Lease admitted(Admission admission) {
        assertThat(admission).isInstanceOf(Admission.Admitted.class);
        return ((Admission.Admitted) admission).lease();
    }

    private static Refusal refused(Admission admission) {
        assertThat(admission).isInstanceOf(Admission.Refused.class);
        return ((Admission.Refused) admission).refusal();
    }

    @Test
    void refusesTheConnectionBeyondThePerAddressLimitAndLetsTheNextInOnceOneCloses() throws Exception {
        ConnectionLimits table = new ConnectionLimits(1000);
        Lease first = admitted(table.admitConnection(client("192.0.2.1"), perIp(2)));
        admitted(table.admitConnection(client("192.0.2.1"), perIp(2)));

        assertThat(refused(table.admitConnection(client("192.0.2.1"), perIp(2)))).isEqualTo(Refusal.CONNECTIONS_PER_IP);
        admitted(table.admitConnection(client("192.0.2.2"), perIp(2)));
        assertThat(table.connectionsFrom(InetAddress.getByName("192.0.2.1"))).isEqualTo(2);
        assertThat(table.openConnections()).isEqualTo(3);

        first.close();
        first.close();
        assertThat(table.connectionsFrom(InetAddress.getByName("192.0.2.1"))).isEqualTo(1);
        assertThat(table.openConnections()).isEqualTo(2);
        admitted(table.admitConnection(client("192.0.2.1"), perIp(2)));
    }

    @Test
    void countsAnIpv6ClientByItsSlash64AndAMappedIpv4ClientAsIpv4() throws Exception {
        ConnectionLimits table = new ConnectionLimits(1000);
        admitted(table.admitConnection(client("2001:db8:1:2::1"), perIp(2)));
        admitted(table.admitConnection(client("2001:db8:1:2:ffff::9"), perIp(2)));

        assertThat(refused(table.admitConnection(client("2001:db8:1:2:abcd::1"), perIp(2))))
                .isEqualTo(Refusal.CONNECTIONS_PER_IP);
        admitted(table.admitConnection(client("2001:db8:1:3::1"), perIp(2)));
        admitted(table.admitConnection(new InetSocketAddress(InetAddress.getByAddress(new byte[] {
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, 0, 2, 7}), 1), perIp(2)));
        assertThat(table.connectionsFrom(InetAddress.getByName("192.0.2.7"))).isEqualTo(1);
    }

    @Test
    void exemptNetworksAreNeitherLimitedNorCountedPerAddress() throws Exception {
        ConnectionLimits table = new ConnectionLimits(1000);
        for (int i = 0; i < 5; i++) {
            admitted(table.admitConnection(client("10.1.2.3"), perIp(1, "10.0.0.0/8")));
        }
        assertThat(table.connectionsFrom(InetAddress.getByName("10.1.2.3"))).isZero();
        assertThat(table.openConnections()).isEqualTo(5);
    }

    @Test
    void refusesBeyondTheProcessWideLimitAndGivesThePerAddressCountBack() throws Exception {
        ConnectionLimits table = new ConnectionLimits(2);
        Lease first = admitted(table.admitConnection(client("192.0.2.1"), perIp(0)));
        admitted(table.admitConnection(client("192.0.2.2"), perIp(0, "192.0.2.2")));

        assertThat(refused(table.admitConnection(client("192.0.2.3"), perIp(0)))).isEqualTo(Refusal.CONNECTIONS_TOTAL);
        assertThat(refused(table.admitConnection(client("127.0.0.1"), perIp(0, "127.0.0.0/8"))))
                .isEqualTo(Refusal.CONNECTIONS_TOTAL);
        assertThat(table.connectionsFrom(InetAddress.getByName("192.0.2.3"))).isZero();

        first.close();
        admitted(table.admitConnection(client("192.0.2.3"), perIp(0)));
    }

    @Test
    void deniesByTheFirstMatchingRuleBeforeCountingAnything() throws Exception {
        LimitSettings settings = new LimitSettings(AccessRules.parse(List.of("deny 192.168.1.1", "allow 192.168.0.0/16",
                "deny all")), List.of(), 0, ConnectionRate.OFF, 1, 0, 0);
        ConnectionLimits table = new ConnectionLimits(1000);

        assertThat(refused(table.admitConnection(client("192.168.1.1"), settings))).isEqualTo(Refusal.ACCESS_DENIED);
        admitted(table.admitConnection(client("192.168.7.7"), settings));
        assertThat(refused(table.admitConnection(client("10.0.0.1"), settings))).isEqualTo(Refusal.ACCESS_DENIED);
        assertThat(table.openConnections()).isEqualTo(1);
    }

    @Test
    void anAccessListWithoutAMatchLetsTheClientInAsNginxDoes() {
        AccessRules rules = AccessRules.parse(List.of("deny 2001:db8::/32", "allow 10.0.0.0/8"));
        assertThat(rules.allows(client("192.0.2.1"))).isTrue();
        assertThat(rules.allows(client("2001:db8::5"))).isFalse();
        assertThat(AccessRules.parse(List.of("allow all", "deny all")).allows(client("192.0.2.1"))).isTrue();
    }

    @Test
    void limitsTheRateOfNewConnectionsWithABurstThenRefills() {
        ConnectionLimits table = new ConnectionLimits(1000, 100, clock::get);
        LimitSettings settings = limits(0, ConnectionRate.parse("2r/s"), 3, 0, 0);
        for (int i = 0; i < 3; i++) {
            admitted(table.admitConnection(client("192.0.2.1"), settings)).close();
        }
        assertThat(refused(table.admitConnection(client("192.0.2.1"), settings))).isEqualTo(Refusal.CONNECTION_RATE);
        admitted(table.admitConnection(client("192.0.2.2"), settings));

        clock.addAndGet(SECOND / 2);
        admitted(table.admitConnection(client("192.0.2.1"), settings));
        assertThat(refused(table.admitConnection(client("192.0.2.1"), settings))).isEqualTo(Refusal.CONNECTION_RATE);
        assertThat(table.openConnections()).isEqualTo(2);
    }

    @Test
    void theRateTableStaysBoundedUnderAnAddressSprayAndDropsIdleAddresses() {
        ConnectionLimits table = new ConnectionLimits(1_000_000, 3, clock::get);
        LimitSettings settings = limits(0, ConnectionRate.parse("1r/s"), 1, 0, 0);
        for (int i = 0; i < 1000; i++) {
            admitted(table.admitConnection(client("2001:db8:" + Integer.toHexString(i) + "::1"), settings)).close();
        }
        assertThat(table.rateTableSize()).isEqualTo(3);

        clock.addAndGet(2 * SECOND); // every bucket has filled up again: idle entries go
        admitted(table.admitConnection(client("192.0.2.9"), settings));
        assertThat(table.rateTableSize()).isEqualTo(1);
        assertThat(refused(table.admitConnection(client("192.0.2.9"), settings))).isEqualTo(Refusal.CONNECTION_RATE);
    }

    @Test
    void limitsSessionsPerLoginAndAddressThenPerLogin() throws Exception {
        ConnectionLimits table = new ConnectionLimits(1000);
        LimitSettings settings = limits(0, ConnectionRate.OFF, 1, 3, 2);
        Lease first = admitted(table.admitUser("bob", client("192.0.2.1"), settings));
        admitted(table.admitUser("bob", client("192.0.2.1"), settings));

        assertThat(refused(table.admitUser("bob", client("192.0.2.1"), settings)))
                .isEqualTo(Refusal.CONNECTIONS_PER_USERIP);
        admitted(table.admitUser("bob", client("192.0.2.2"), settings));
        assertThat(refused(table.admitUser("bob", client("192.0.2.3"), settings)))
                .isEqualTo(Refusal.CONNECTIONS_PER_USER);
        assertThat(table.sessionsOf("bob", InetAddress.getByName("192.0.2.3"))).isZero();
        admitted(table.admitUser("alice", client("192.0.2.1"), settings));

        first.close();
        first.close();
        assertThat(table.sessionsOf("bob")).isEqualTo(2);
        assertThat(table.sessionsOf("bob", InetAddress.getByName("192.0.2.1"))).isEqualTo(1);
        admitted(table.admitUser("bob", client("192.0.2.3"), settings));
    }

    @Test
    void countsALoginWhateverItsCase() {
        ConnectionLimits table = new ConnectionLimits(1000);
        LimitSettings settings = limits(0, ConnectionRate.OFF, 1, 1, 0);
        admitted(table.admitUser("bob@example.com", client("192.0.2.1"), settings));

        assertThat(refused(table.admitUser("BOB@Example.com", client("192.0.2.2"), settings)))
                .isEqualTo(Refusal.CONNECTIONS_PER_USER);
        assertThat(table.sessionsOf("Bob@example.com")).isEqualTo(1);
    }

    @Test
    void anEmptyLoginIsNotCountedAndExemptClientsSkipOnlyThePerAddressUserLimit() throws Exception {
        ConnectionLimits table = new ConnectionLimits(1000);
        LimitSettings settings = limits(0, ConnectionRate.OFF, 1, 2, 1, "127.0.0.0/8");
        for (int i = 0; i < 5; i++) {
            admitted(table.admitUser("", client("192.0.2.1"), settings));
        }
        admitted(table.admitUser("bob", client("127.0.0.1"), settings));
        admitted(table.admitUser("bob", client("127.0.0.1"), settings));
        assertThat(refused(table.admitUser("bob", client("127.0.0.1"), settings)))
                .isEqualTo(Refusal.CONNECTIONS_PER_USER);
        assertThat(table.sessionsOf("")).isZero();
    }

    @Test
    void concurrentAdmissionsNeverPassTheLimitAndAllCountsReturnToZero() throws Exception {
        ConnectionLimits table = new ConnectionLimits(50);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Lease> leases = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(4);
        for (int t = 0; t < 4; t++) {
            threads.execute(() -> {
                for (int i = 0; i < 500; i++) {
                    Admission a = table.admitConnection(client("192.0.2." + (i % 3)), perIp(10));
                    if (a instanceof Admission.Admitted in) {
                        assertThat(table.openConnections()).isLessThanOrEqualTo(50);
                        if (i % 2 == 0) {
                            in.lease().close();
                        } else {
                            leases.add(in.lease());
                        }
                    }
                }
                done.countDown();
            });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        threads.shutdown();
        assertThat(table.connectionsFrom(InetAddress.getByName("192.0.2.0"))).isLessThanOrEqualTo(10);
        leases.forEach(Lease::close);
        assertThat(table.openConnections()).isZero();
        assertThat(table.connectionsFrom(InetAddress.getByName("192.0.2.1"))).isZero();
    }
}
