package io.postern.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OAuth 2.0 identity provider for tests, on the JDK's HTTP server: it issues opaque tokens
 * and RS256 JWTs signed on the fly, answers RFC 7662 introspection ({@code POST /introspect},
 * form {@code token=...}) and serves its signing keys as a JWKS ({@code GET /jwks}). Tokens
 * can be revoked; expired and revoked ones introspect as {@code {"active":false}}.
 */
public final class FakeIdentityProvider implements AutoCloseable {

    /** The issuer every token names. */
    public static final String ISSUER = "https://idp.test/realms/mail";

    private final HttpServer server;
    private final Map<String, Map<String, Object>> tokens = new ConcurrentHashMap<>();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final List<String> introspected = new CopyOnWriteArrayList<>();
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private final Clock clock;
    private volatile List<SigningKey> keys = new ArrayList<>();

    /** A signing key and the {@code kid} the JWKS names it by. */
    public record SigningKey(String kid, KeyPair pair) {
    }

    public FakeIdentityProvider() throws IOException {
        this(Clock.systemUTC());
    }

    public FakeIdentityProvider(Clock clock) throws IOException {
        this.clock = clock;
        keys = List.of(newKey("key-1"));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/introspect", this::introspect);
        server.createContext("/jwks", this::jwks);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String introspectionUrl() {
        return url() + "/introspect";
    }

    public String jwksUrl() {
        return url() + "/jwks";
    }

    /** An opaque token for {@code username}, valid for {@code lifetimeSeconds} (negative: already expired). */
    public String opaqueToken(String username, String audience, String scope, long lifetimeSeconds) {
        String token = "opaque-" + UUID.randomUUID();
        tokens.put(token, claims(username, audience, scope, lifetimeSeconds));
        return token;
    }

    /** A JWT for {@code username} signed with the current key; also known to introspection. */
    public String jwt(String username, String audience, String scope, long lifetimeSeconds) {
        return jwt(claims(username, audience, scope, lifetimeSeconds), keys.get(0));
    }

    /** A JWT with these claims signed by {@code key}, which need not be published. */
    public String jwt(Map<String, Object> claims, SigningKey key) {
        String header = base64Url(json(Map.of("alg", "RS256", "typ", "JWT", "kid", key.kid())));
        String payload = base64Url(json(claims));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key.pair().getPrivate());
            rsa.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            String token = header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
            tokens.put(token, claims);
            return token;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The standard claims of a token. */
    public Map<String, Object> claims(String username, String audience, String scope, long lifetimeSeconds) {
        long now = clock.instant().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", UUID.nameUUIDFromBytes(username.getBytes(StandardCharsets.UTF_8)).toString());
        claims.put("aud", audience);
        claims.put("exp", now + lifetimeSeconds);
        claims.put("iat", now);
        claims.put("scope", scope);
        claims.put("username", username);
        claims.put("email", username);
        claims.put("preferred_username", username);
        return claims;
    }

    /** A key that is not (yet) in the JWKS. */
    public static SigningKey newKey(String kid) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new SigningKey(kid, generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes {@code key} first in the JWKS and signs new tokens with it (a key rotation). */
    public void rotateTo(SigningKey key) {
        List<SigningKey> next = new ArrayList<>();
        next.add(key);
        next.addAll(keys);
        keys = next;
    }

    public void revoke(String token) {
        revoked.add(token);
    }

    /** The tokens introspection was asked about, in order. */
    public List<String> introspected() {
        return List.copyOf(introspected);
    }

    public int jwksFetches() {
        return jwksFetches.get();
    }

    private void introspect(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String token = "";
        for (String pair : body.split("&")) {
            if (pair.startsWith("token=")) {
                token = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
            }
        }
        introspected.add(token);
        Map<String, Object> claims = tokens.get(token);
        boolean active = claims != null && !revoked.contains(token)
                && ((Number) claims.get("exp")).longValue() > clock.instant().getEpochSecond();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("active", active);
        if (active) {
            answer.putAll(claims);
        }
        send(exchange, json(answer));
    }

    private void jwks(HttpExchange exchange) throws IOException {
        jwksFetches.incrementAndGet();
        StringBuilder keysJson = new StringBuilder("{\"keys\":[");
        for (int i = 0; i < keys.size(); i++) {
            RSAPublicKey key = (RSAPublicKey) keys.get(i).pair().getPublic();
            keysJson.append(i == 0 ? "" : ",").append(json(Map.of("kty", "RSA", "use", "sig", "alg", "RS256",
                    "kid", keys.get(i).kid(), "n", unsigned(key.getModulus()), "e", unsigned(key.getPublicExponent()))));
        }
        send(exchange, keysJson.append("]}").toString());
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        int start = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        byte[] trimmed = java.util.Arrays.copyOfRange(bytes, start, bytes.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(trimmed);
    }

    private static void send(HttpExchange exchange, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String base64Url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A flat JSON object of strings, numbers and booleans: all a token needs. */
    static String json(Map<String, ?> values) {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, ?> e : values.entrySet()) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(quote(e.getKey())).append(':');
            Object v = e.getValue();
            out.append(v instanceof Number || v instanceof Boolean ? v.toString() : quote(String.valueOf(v)));
        }
        return out.append('}').toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Expiry as an instant, for messages. */
    public Instant now() {
        return clock.instant();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
