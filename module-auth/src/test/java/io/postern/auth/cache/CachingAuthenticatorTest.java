package io.postern.auth.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.auth.testkit.FakeModuleContext;
import io.postern.auth.testkit.FakeServerConfig;
import io.postern.auth.testkit.FakeSession;
import io.postern.auth.testkit.MutableClock;
import io.postern.spi.AuthDecision;
import io.postern.spi.AuthRequest;
import io.postern.spi.Authenticator;
import io.postern.spi.Credentials;
import io.postern.spi.UpstreamAddress;
import io.postern.spi.WireText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The cache in front of a counting backend, run the way the AUTH phase runs a chain. */
class CachingAuthenticatorTest {

    private static final AuthDecision GOOD = AuthDecision.acceptedTo(new UpstreamAddress("10.0.0.5", 143));
    private static final AuthDecision BAD = AuthDecision.rejected("Authentication failed.");

    private final MutableClock clock = new MutableClock();
    private final AtomicInteger backendCalls = new AtomicInteger();
    private final Authenticator backend = request -> {
        backendCalls.incrementAndGet();
        Credentials.Plain plain = (Credentials.Plain) request.credentials();
        return java.util.concurrent.CompletableFuture.completedFuture(plain.password().equals("right") ? GOOD : BAD);
    };
    private CachingAuthenticator cache = cache("auth_cache_ttl = 5m, auth_cache_negative_ttl = 30s");
    private final FakeSession session = FakeSession.from("192.0.2.7", FakeServerConfig.of("imap", ""));

    private CachingAuthenticator cache(String hocon) {
        CacheSettings settings = CacheSettings.read(FakeServerConfig.of("imap", hocon));
        return new CachingAuthenticator(Map.of("imap", new CachingAuthenticator.Policy(settings,
                new AuthCache(settings.size()))), clock);
    }

    /** The phase: first non-declined answer wins; then the listeners hear the decision. */
    private AuthDecision login(String user, String password) {
        AuthRequest request = session.plain(user, password);
        AuthDecision decision = AuthDecision.declined();
        for (Authenticator authenticator : List.of(cache, backend)) {
            decision = authenticator.authenticate(request).toCompletableFuture().join();
            if (!(decision instanceof AuthDecision.Declined)) {
                break;
            }
        }
        cache.onAuthDecision(session, request, decision);
        return decision;
    }

    @Test
    void answersARepeatedGoodLoginWithoutAskingTheBackend() {
        assertThat(login("bob", "right")).isEqualTo(GOOD);
        assertThat(login("bob", "right")).isEqualTo(GOOD);
        assertThat(login("bob", "right")).isEqualTo(GOOD);

        assertThat(backendCalls).hasValue(1);
    }

    @Test
    void missesForAnotherPasswordLoginOrServer() {
        login("bob", "right");

        assertThat(login("bob", "wrong")).isEqualTo(BAD);
        assertThat(login("Bob", "right")).isEqualTo(GOOD);
        FakeSession pop3 = FakeSession.from("192.0.2.7", FakeServerConfig.of("pop3", ""));
        assertThat(cache.authenticate(pop3.plain("bob", "right")).toCompletableFuture().join())
                .isEqualTo(AuthDecision.declined());
        assertThat(backendCalls).hasValue(3);
    }

    @Test
    void passwordsThatDifferOnlyInAByteThatIsNotUtf8AreDifferentEntries() {
        login("bob", WireText.decode(new byte[] {'p', 'w', (byte) 0xFF}));
        login("bob", WireText.decode(new byte[] {'p', 'w', (byte) 0xFE}));
        login("bob", "pw?");

        assertThat(backendCalls).hasValue(3);
    }

    @Test
    void forgetsAGoodLoginAfterItsTtl() {
        login("bob", "right");
        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        login("bob", "right");
        assertThat(backendCalls).hasValue(1);

        clock.advance(Duration.ofSeconds(1));
        login("bob", "right");
        assertThat(backendCalls).hasValue(2);
    }

    @Test
    void remembersRefusalsForTheNegativeTtl() {
        assertThat(login("bob", "wrong")).isEqualTo(BAD);
        assertThat(login("bob", "wrong")).isEqualTo(BAD);
        assertThat(backendCalls).hasValue(1);

        clock.advance(Duration.ofSeconds(30));
        login("bob", "wrong");
        assertThat(backendCalls).hasValue(2);
    }

    @Test
    void remembersNoRefusalsWithoutANegativeTtl() {
        cache = cache("auth_cache_ttl = 5m");
        login("bob", "wrong");
        login("bob", "wrong");

        assertThat(backendCalls).hasValue(2);
    }

    @Test
    void remembersNothingDecidedBeforeItWasAsked() {
        AuthRequest request = session.plain("bob", "right");
        cache.onAuthDecision(session, request, BAD); // a throttle lockout: the cache was never asked

        assertThat(login("bob", "right")).isEqualTo(GOOD);
    }

    @Test
    void leavesOtherMethodsToTheBackend() {
        AuthRequest cram = new AuthRequest(session, new Credentials.CramMd5("bob", "<1.2@x>", "00"), 1);
        cache.onAuthDecision(session, cram, GOOD);

        assertThat(cache.authenticate(cram).toCompletableFuture().join()).isEqualTo(AuthDecision.declined());
    }

    @Test
    void staysWithinItsSize() {
        AuthCache small = new AuthCache(2);
        for (int i = 0; i < 10; i++) {
            small.put(CacheKey.of("imap", "u" + i, "plain", "p", new byte[1]), GOOD, clock.instant().plusSeconds(60));
        }
        assertThat(small.size()).isEqualTo(2);
    }

    @Test
    void neverPrintsThePasswordOrItsHash() {
        CacheKey key = CacheKey.of("imap", "bob", "plain", "right", new byte[] {1});

        assertThat(key.toString()).doesNotContain("right").contains("<redacted>");
        assertThat(key).isEqualTo(CacheKey.of("imap", "bob", "plain", "right", new byte[] {1}));
    }

    @Test
    void registersOnlyWithATtl() {
        FakeModuleContext off = new FakeModuleContext(Path.of("."), FakeServerConfig.of("imap", ""));
        new CacheFeature().configure(off);
        assertThat(off.authenticators).isEmpty();

        FakeModuleContext on = new FakeModuleContext(Path.of("."), FakeServerConfig.of("imap", "auth_cache_ttl = 1m"));
        new CacheFeature().configure(on);
        assertThat(on.authenticators).containsOnlyKeys("cache");
        assertThat(on.listeners).containsOnlyKeys("cache");
    }
}
