package io.postern.auth.oauth;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RFC 7662 token introspection: {@code POST token=...} to the identity provider, with HTTP basic
 * authentication when a client id is set. An active answer is kept for the next logins with
 * the same token, until the token's {@code exp} and at most {@code cacheFor}; only a SHA-256 of
 * the token is kept as the key. Inactive answers are not kept, so a revoked token is refused
 * at once once the cached answer ends.
 */
final class Introspection {

    /** Answers kept at most; past it the cache is emptied (a flood of tokens cannot grow it). */
    static final int MAX_ENTRIES = 10_000;

    private record Entry(JWTClaimsSet claims, Instant until) {
    }

    private final HttpClient http;
    private final URI url;
    private final Optional<String> authorization;
    private final Duration cacheFor;
    private final Duration timeout;
    private final Clock clock;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    Introspection(HttpClient http, URI url, Optional<String> clientId, Optional<String> clientSecret,
                  Duration cacheFor, Duration timeout, Clock clock) {
        this.http = http;
        this.url = url;
        this.authorization = clientId.map(id -> "Basic " + Base64.getEncoder().encodeToString(
                (form(id) + ":" + form(clientSecret.orElse(""))).getBytes(StandardCharsets.UTF_8)));
        this.cacheFor = cacheFor;
        this.timeout = timeout;
        this.clock = clock;
    }

    CompletableFuture<TokenCheck> check(String token) {
        String key = sha256(token);
        Entry cached = cache.get(key);
        if (cached != null && clock.instant().isBefore(cached.until())) {
            return CompletableFuture.completedFuture(new TokenCheck.Genuine(cached.claims()));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + form(token) + "&token_type_hint=access_token"));
        authorization.ifPresent(value -> request.header("Authorization", value));
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        return new TokenCheck.Unavailable("introspection " + url + ": " + cause);
                    }
                    return answer(key, response);
                });
    }

    private TokenCheck answer(String key, HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            return new TokenCheck.Unavailable("introspection " + url + ": HTTP status " + response.statusCode());
        }
        JWTClaimsSet claims;
        try {
            Map<String, Object> json = JSONObjectUtils.parse(response.body());
            if (!Boolean.TRUE.equals(json.get("active"))) {
                return new TokenCheck.Refused("inactive (introspection)");
            }
            claims = JWTClaimsSet.parse(json);
        } catch (java.text.ParseException e) {
            return new TokenCheck.Unavailable("introspection " + url + ": not a JSON answer: " + e.getMessage());
        }
        remember(key, claims);
        return new TokenCheck.Genuine(claims);
    }

    private void remember(String key, JWTClaimsSet claims) {
        Instant until = clock.instant().plus(cacheFor);
        if (claims.getExpirationTime() != null && claims.getExpirationTime().toInstant().isBefore(until)) {
            until = claims.getExpirationTime().toInstant();
        }
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(key, new Entry(claims, until));
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
