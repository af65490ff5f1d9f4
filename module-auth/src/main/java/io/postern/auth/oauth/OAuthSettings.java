package io.postern.auth.oauth;

import io.postern.spi.ServerConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One server's token validation settings ({@code auth_oauth_*}), read once at start-up.
 *
 * @param jwks the identity provider's JWKS URL: tokens are JWTs verified locally
 * @param introspection the RFC 7662 introspection endpoint: tokens are asked about (used when
 *     {@code jwks} is not set)
 * @param issuer the {@code iss} a token must carry, if set
 * @param audience a value the token's {@code aud} must contain, if set
 * @param scope a scope the token's {@code scope} (or {@code scp}) must contain, if set
 * @param clockSkew how far {@code exp} and {@code nbf} may be off
 * @param identityClaim the claim that must equal the SASL identity (ignoring case), e.g.
 *     {@code email} or {@code preferred_username}
 * @param jwksRefreshInterval the least time between two JWKS fetches for an unknown {@code kid}
 * @param clientId the introspection client's id (HTTP basic authentication), if any
 * @param clientSecret its secret; never logged
 * @param openidConfiguration the URL named in the error challenge's {@code openid-configuration}
 * @param introspectionCache how long an active introspection answer is reused at most (never past
 *     the token's {@code exp})
 * @param timeout the longest wait for the identity provider
 */
public record OAuthSettings(Optional<URI> jwks, Optional<URI> introspection, Optional<String> issuer,
                            Optional<String> audience, Optional<String> scope, Duration clockSkew,
                            String identityClaim, Duration jwksRefreshInterval, Optional<String> clientId,
                            Optional<String> clientSecret, Optional<String> openidConfiguration,
                            Duration introspectionCache, Duration timeout) {

    public static final String JWKS = "auth_oauth_jwks";
    public static final String INTROSPECTION = "auth_oauth_introspection";
    public static final String ISSUER = "auth_oauth_issuer";
    public static final String AUDIENCE = "auth_oauth_audience";
    public static final String SCOPE = "auth_oauth_scope";
    public static final String CLOCK_SKEW = "auth_oauth_clock_skew";
    public static final String IDENTITY_CLAIM = "auth_oauth_identity_claim";
    public static final String JWKS_REFRESH_INTERVAL = "auth_oauth_jwks_refresh_interval";
    public static final String CLIENT_ID = "auth_oauth_client_id";
    public static final String CLIENT_SECRET = "auth_oauth_client_secret";
    public static final String OPENID_CONFIGURATION = "auth_oauth_openid_configuration";
    public static final String INTROSPECTION_CACHE = "auth_oauth_introspection_cache";
    public static final String TIMEOUT = "auth_oauth_timeout";

    public OAuthSettings {
        Objects.requireNonNull(jwks, "jwks");
        Objects.requireNonNull(introspection, "introspection");
        Objects.requireNonNull(identityClaim, "identityClaim");
        if (jwks.isEmpty() && introspection.isEmpty()) {
            throw new IllegalArgumentException(JWKS + " or " + INTROSPECTION + " must be set");
        }
        if (clockSkew.isNegative() || jwksRefreshInterval.isNegative() || introspectionCache.isNegative()
                || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative, the timeout above 0");
        }
    }

    /** Whether {@code server} validates tokens itself: it sets a JWKS or an introspection URL. */
    static boolean enabled(ServerConfig server) {
        return nonBlank(server, JWKS).isPresent() || nonBlank(server, INTROSPECTION).isPresent();
    }

    /** Reads the settings of a server for which {@link #enabled} holds. */
    static OAuthSettings of(ServerConfig server) {
        return new OAuthSettings(nonBlank(server, JWKS).map(v -> url(server, JWKS, v)),
                nonBlank(server, INTROSPECTION).map(v -> url(server, INTROSPECTION, v)),
                nonBlank(server, ISSUER), nonBlank(server, AUDIENCE), nonBlank(server, SCOPE),
                server.duration(CLOCK_SKEW), server.string(IDENTITY_CLAIM), server.duration(JWKS_REFRESH_INTERVAL),
                nonBlank(server, CLIENT_ID), nonBlank(server, CLIENT_SECRET), nonBlank(server, OPENID_CONFIGURATION),
                server.duration(INTROSPECTION_CACHE), server.duration(TIMEOUT));
    }

    private static Optional<String> nonBlank(ServerConfig server, String directive) {
        return server.optionalString(directive).filter(v -> !v.isBlank());
    }

    /** An http or https URL with a host, else an error naming the directive and where it was set. */
    static URI url(ServerConfig server, String directive, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException(directive + ": \"" + value + "\" (expected: an http:// or https:// URL) in "
                    + server.origin(directive));
        }
        return uri;
    }

    @Override
    public String toString() {
        return "OAuthSettings[jwks=" + jwks.map(URI::toString).orElse("-") + ", introspection="
                + introspection.map(URI::toString).orElse("-") + ", issuer=" + issuer.orElse("-") + ", audience="
                + audience.orElse("-") + ", scope=" + scope.orElse("-") + ", identityClaim=" + identityClaim
                + ", clientSecret=" + (clientSecret.isPresent() ? "<redacted>" : "-") + "]";
    }
}
