package io.postern.auth.cache;

import io.postern.spi.AuthDecision;
import io.postern.spi.SharedScript;
import io.postern.spi.SharedStore;
import io.postern.spi.UpstreamAddress;
import io.postern.spi.WireText;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The auth cache's entries in the Redis several instances share ({@code auth_cache_store = redis}),
 * so that a client reconnecting through another instance is answered from the cache too. Keyed by
 * a keyed hash (HMAC-SHA256 with {@code auth_cache_secret}, which only the instances know) of the
 * server, login, method and password: someone who reads Redis cannot test passwords against the
 * keys. A decision that carries an upstream password is never shared (it stays in the instance's
 * own cache), so Redis holds no secret. Entries expire with the TTLs, by {@code PX}.
 */
final class SharedDecisions {

    /** The feature name of the metric and the log lines. */
    static final String FEATURE = "auth_cache";

    /** An entry and the milliseconds it has left, or an empty table. */
    static final SharedScript GET = new SharedScript("auth-cache-get", """
            local value = redis.call('GET', KEYS[1])
            if not value then return {} end
            return {value, redis.call('PTTL', KEYS[1])}
            """);

    /** ARGV: the entry, its TTL (ms). */
    static final SharedScript PUT = new SharedScript("auth-cache-put", """
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return {}
            """);

    /** A shared entry: the decision and how long it has left. */
    record Entry(AuthDecision decision, Duration left) {
    }

    private final SharedStore store;
    private final SecretKeySpec secret;

    SharedDecisions(SharedStore store, String secret) {
        this.store = store;
        this.secret = new SecretKeySpec(WireText.encode(secret), "HmacSHA256");
    }

    /** The key of a clear-text login: nothing in it reveals the password without the secret. */
    String key(String server, String login, String method, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            for (String part : List.of(server, login, method)) {
                mac.update(WireText.encode(part));
                mac.update((byte) 0);
            }
            mac.update(WireText.encode(password));
            return "authcache:" + HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    CompletionStage<Optional<Entry>> get(String key) {
        return store.sharedOrLocal(FEATURE, () -> store.eval(GET, List.of(key), List.of()).thenApply(answer ->
                answer.size() < 2 ? Optional.<Entry>empty() : decode((String) answer.get(0))
                        .map(d -> new Entry(d, Duration.ofMillis(Math.max(0, (Long) answer.get(1)))))), Optional::empty);
    }

    void put(String key, AuthDecision decision, Duration ttl) {
        encode(decision).ifPresent(value -> store.sharedOrLocal(FEATURE,
                () -> store.eval(PUT, List.of(key), List.of(value, Long.toString(ttl.toMillis()))),
                List::of));
    }

    /** An accepted or refused decision as a query string; empty for one that must not leave the process. */
    static Optional<String> encode(AuthDecision decision) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (decision instanceof AuthDecision.Accepted a) {
            if (a.upstreamPassword().isPresent()) {
                return Optional.empty();
            }
            fields.put("kind", "accepted");
            a.upstreamLogin().ifPresent(l -> fields.put("login", l));
            a.upstream().ifPresent(u -> {
                fields.put("host", u.host());
                fields.put("port", Integer.toString(u.port()));
            });
            a.attributes().forEach((k, v) -> fields.put("attr." + k, v));
        } else if (decision instanceof AuthDecision.Rejected r) {
            fields.put("kind", "rejected");
            fields.put("message", r.message());
            r.retryAfter().ifPresent(d -> fields.put("retry", Long.toString(d.toMillis())));
            r.smtpCode().ifPresent(c -> fields.put("smtp", c));
        } else {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        fields.forEach((k, v) -> out.append(out.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
        return Optional.of(out.toString());
    }

    /** The decision {@link #encode} wrote; empty for anything else (another version's entry). */
    static Optional<AuthDecision> decode(String value) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : value.split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                return Optional.empty();
            }
            fields.put(dec(pair.substring(0, eq)), dec(pair.substring(eq + 1)));
        }
        try {
            return switch (fields.getOrDefault("kind", "")) {
                case "accepted" -> {
                    Map<String, String> attributes = new LinkedHashMap<>();
                    fields.forEach((k, v) -> {
                        if (k.startsWith("attr.")) {
                            attributes.put(k.substring(5), v);
                        }
                    });
                    Optional<UpstreamAddress> upstream = fields.containsKey("host")
                            ? Optional.of(new UpstreamAddress(fields.get("host"), Integer.parseInt(fields.get("port"))))
                            : Optional.empty();
                    yield Optional.of(new AuthDecision.Accepted(Optional.ofNullable(fields.get("login")),
                            Optional.empty(), upstream, attributes));
                }
                case "rejected" -> Optional.of(new AuthDecision.Rejected(fields.getOrDefault("message", ""),
                        Optional.ofNullable(fields.get("retry")).map(ms -> Duration.ofMillis(Long.parseLong(ms))),
                        Optional.ofNullable(fields.get("smtp"))));
                default -> Optional.empty();
            };
        } catch (RuntimeException e) {
            return Optional.empty(); // not ours: a miss, never a wrong answer
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String dec(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    static CompletionStage<Optional<Entry>> none() {
        return CompletableFuture.completedFuture(Optional.empty());
    }
}
