package io.postern.auth.oauth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An identity provider's signing keys (its JWKS), fetched without blocking and kept: fetched
 * again when a token names a key id not among them (a key rotation), at most once per
 * {@code refreshInterval} so that tokens with made-up key ids cannot make Postern hammer the
 * provider, and when the keys are older than {@link #MAX_AGE} (a key the provider withdrew
 * stops working within that time). Concurrent lookups share one fetch.
 */
final class JwksKeys {

    /** Keys older than this are fetched again before use. */
    static final Duration MAX_AGE = Duration.ofHours(1);

    private final HttpClient http;
    private final URI url;
    private final Duration refreshInterval;
    private final Duration timeout;
    private final Clock clock;
    private volatile JWKSet keys;
    private volatile Instant fetchedAt = Instant.MIN;
    private CompletableFuture<JWKSet> inFlight;

    JwksKeys(HttpClient http, URI url, Duration refreshInterval, Duration timeout, Clock clock) {
        this.http = http;
        this.url = url;
        this.refreshInterval = refreshInterval;
        this.timeout = timeout;
        this.clock = clock;
    }

    URI url() {
        return url;
    }

    /**
     * The key with id {@code kid} ({@code null}: the only key, if there is one), fetching the
     * keys when needed. Fails when the keys cannot be fetched.
     */
    CompletableFuture<Optional<JWK>> key(String kid) {
        JWKSet current = keys;
        Instant now = clock.instant();
        if (current != null && now.isBefore(fetchedAt.plus(MAX_AGE))) {
            Optional<JWK> found = find(current, kid);
            if (found.isPresent() || now.isBefore(fetchedAt.plus(refreshInterval))) {
                return CompletableFuture.completedFuture(found);
            }
        }
        return fetch().thenApply(set -> find(set, kid));
    }

    private static Optional<JWK> find(JWKSet set, String kid) {
        if (kid == null) {
            List<JWK> all = set.getKeys();
            return all.size() == 1 ? Optional.of(all.get(0)) : Optional.empty();
        }
        return Optional.ofNullable(set.getKeyByKeyId(kid));
    }

    private synchronized CompletableFuture<JWKSet> fetch() {
        if (inFlight != null) {
            return inFlight;
        }
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("Accept", "application/json")
                .GET().build();
        CompletableFuture<JWKSet> fetching = http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("HTTP status " + response.statusCode());
                    }
                    try {
                        return JWKSet.parse(response.body());
                    } catch (java.text.ParseException e) {
                        throw new IllegalStateException("not a JWK set: " + e.getMessage(), e);
                    }
                });
        inFlight = fetching.whenComplete((set, error) -> {
            synchronized (this) {
                inFlight = null;
                fetchedAt = clock.instant(); // a failed fetch is not retried sooner either
                if (set != null) {
                    keys = set;
                }
            }
        });
        return inFlight;
    }
}
