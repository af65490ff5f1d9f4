package io.postern.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.postern.spi.ClientHost;
import io.postern.testing.FakeDns;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client host lookup against a scripted DNS server, answer by answer as nginx's
 * {@code ngx_mail_smtp_resolve_addr_handler} and {@code ngx_mail_smtp_resolve_name_handler}
 * judge them (nginx-tests' mail_resolver.t).
 */
class ClientHostResolversTest {

    private static final String CLIENT = "127.0.0.1";
    private static final String PTR = FakeDns.reverse(CLIENT);

    private EventLoopGroup group;
    private FakeDns dns;
    private final ClientHostResolvers resolvers = new ClientHostResolvers();
    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        dns = FakeDns.start();
    }

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        dns.close();
    }

    private ClientHost lookup(String resolver) throws Exception {
        ResolverSettings settings = ResolverSettings.parse(List.of(resolver), Duration.ofMillis(500)).orElseThrow();
        return resolvers.lookup(group.next(), NioDatagramChannel.class, settings, InetAddress.getByName(CLIENT),
                log::add).get(10, TimeUnit.SECONDS);
    }

    private ClientHost lookup() throws Exception {
        return lookup(dns.address());
    }

    @Test
    void aPtrNameWhoseForwardLookupGivesTheAddressBackIsTheClientsHost() throws Exception {
        dns.ptr(CLIENT, "mx.client.example").address("mx.client.example", CLIENT);

        assertThat(lookup()).isEqualTo(new ClientHost.Name("mx.client.example"));
        assertThat(dns.questions()).containsExactlyInAnyOrder(PTR + " PTR", "mx.client.example. A",
                "mx.client.example. AAAA");
    }

    @Test
    void aForwardLookupWithoutTheClientsAddressIsUnavailable() throws Exception {
        dns.ptr(CLIENT, "mx.client.example").address("mx.client.example", "192.0.2.9");

        assertThat(lookup()).isEqualTo(new ClientHost.Unavailable());
        assertThat(log).containsExactly("\"mx.client.example\" does not resolve to 127.0.0.1");
    }

    @Test
    void noPtrRecordOrANameWithoutAddressesIsUnavailable() throws Exception {
        assertThat(lookup()).isEqualTo(new ClientHost.Unavailable());

        dns.ptr(CLIENT, "mx.client.example");
        assertThat(lookup()).isEqualTo(new ClientHost.Unavailable());
    }

    @Test
    void aServerFailureIsTemporary() throws Exception {
        dns.code(PTR, DnsRecordType.PTR, DnsResponseCode.SERVFAIL);
        assertThat(lookup()).isEqualTo(new ClientHost.TempUnavailable());

        dns.ptr(CLIENT, "mx.client.example").code("mx.client.example", DnsRecordType.A, DnsResponseCode.SERVFAIL)
                .code("mx.client.example", DnsRecordType.AAAA, DnsResponseCode.SERVFAIL);
        assertThat(lookup()).isEqualTo(new ClientHost.TempUnavailable());
    }

    @Test
    void aNameWithCharactersOutsideLettersDigitsDashAndDotIsTemporaryAndNeverLookedUpOrLoggedRaw() throws Exception {
        for (String name : List.of("evil\r\nX-Injected: yes.example", "a b.example", "under_score.example",
                "q\"uote.example", "caf\u00e9.example")) {
            log.clear();
            dns.ptr(CLIENT, name).address(name, CLIENT);

            assertThat(lookup()).as(name).isEqualTo(new ClientHost.TempUnavailable());
            assertThat(log).singleElement().asString().startsWith("127.0.0.1 resolved to invalid host name \"")
                    .doesNotContain("\r", "\n", "\u00e9", "q\"uote");
        }
        assertThat(dns.questions()).allMatch(q -> q.endsWith(" PTR"));
    }

    @Test
    void aPtrQueryLeftUnansweredIsTemporaryAfterResolverTimeout() throws Exception {
        dns.silent(PTR, DnsRecordType.PTR);

        assertThat(lookup()).isEqualTo(new ClientHost.TempUnavailable());
        assertThat(log).containsExactly("127.0.0.1 could not be resolved (timed out)");
    }

    @Test
    void aForwardQueryLeftUnansweredIsTemporaryAfterResolverTimeout() throws Exception {
        dns.ptr(CLIENT, "mx.client.example").silent("mx.client.example", DnsRecordType.A)
                .silent("mx.client.example", DnsRecordType.AAAA);

        assertThat(lookup()).isEqualTo(new ClientHost.TempUnavailable());
        assertThat(log).containsExactly("\"mx.client.example\" could not be resolved (timed out)");
    }

    @Test
    void ipv6OffAsksForAOnly() throws Exception {
        dns.ptr(CLIENT, "mx.client.example").address("mx.client.example", CLIENT);

        assertThat(lookup(dns.address() + " ipv6=off")).isEqualTo(new ClientHost.Name("mx.client.example"));
        assertThat(dns.questions()).containsExactly(PTR + " PTR", "mx.client.example. A");
    }

    @Test
    void aNameFoundIsKeptForValidWithoutAskingAgain() throws Exception {
        dns.ptr(CLIENT, "mx.client.example").address("mx.client.example", CLIENT);

        assertThat(lookup(dns.address() + " valid=1h")).isEqualTo(new ClientHost.Name("mx.client.example"));
        assertThat(lookup(dns.address() + " valid=1h")).isEqualTo(new ClientHost.Name("mx.client.example"));
        assertThat(dns.questions()).hasSize(3);
    }

    @Test
    void takesThePtrRecordThatFollowsACname() throws Exception {
        dns.ptrAfter(CLIENT, DnsRecordType.CNAME, "1.1.0.0.127.in-addr.arpa", "mx.client.example")
                .address("mx.client.example", CLIENT);
        assertThat(lookup()).isEqualTo(new ClientHost.Name("mx.client.example"));
    }

    @Test
    void aPtrAnswerWithoutAPtrRecordIsTemporaryAsInNginxTests() throws Exception {
        dns.ptrAfter(CLIENT, DnsRecordType.CNAME, "1.1.0.0.127.in-addr.arpa", null);
        assertThat(lookup()).isEqualTo(new ClientHost.TempUnavailable());

        dns.ptrAfter(CLIENT, DnsRecordType.DNAME, "mx.client.example", null);
        assertThat(lookup()).isEqualTo(new ClientHost.TempUnavailable());
    }

    @Test
    void aForwardLookupFollowsACname() throws Exception {
        dns.ptr(CLIENT, "mx.client.example").address("mail.client.example", CLIENT).code("mx.client.example",
                DnsRecordType.AAAA, DnsResponseCode.NXDOMAIN);
        dns.cname("mx.client.example", DnsRecordType.A, "mail.client.example");

        assertThat(lookup()).isEqualTo(new ClientHost.Name("mx.client.example"));
    }
}
