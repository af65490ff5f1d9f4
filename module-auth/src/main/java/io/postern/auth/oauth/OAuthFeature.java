package io.postern.auth.oauth;

import io.postern.auth.AuthFeature;
import io.postern.spi.Directive;
import io.postern.spi.DirectiveType;
import io.postern.spi.ModuleContext;
import io.postern.spi.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bearer-token validator feature: the {@code auth_oauth_*} directives and the {@code oauth}
 * authenticator, registered when a server sets {@code auth_oauth_jwks} or
 * {@code auth_oauth_introspection}. Servers naming the same JWKS URL share its keys. The HTTP
 * client is java.net.http's, used only asynchronously: no event loop waits for the provider.
 */
public final class OAuthFeature implements AuthFeature {

    private final Clock clock;
    private HttpClient http;

    public OAuthFeature() {
        this(Clock.systemUTC());
    }

    OAuthFeature(Clock clock) {
        this.clock = clock;
    }

    @Override
    public List<Directive> directives() {
        return List.of(Directive.of(OAuthSettings.JWKS, DirectiveType.STRING),
                Directive.of(OAuthSettings.INTROSPECTION, DirectiveType.STRING),
                Directive.of(OAuthSettings.ISSUER, DirectiveType.STRING),
                Directive.of(OAuthSettings.AUDIENCE, DirectiveType.STRING),
                Directive.of(OAuthSettings.SCOPE, DirectiveType.STRING),
                Directive.of(OAuthSettings.CLOCK_SKEW, DirectiveType.DURATION),
                Directive.of(OAuthSettings.IDENTITY_CLAIM, DirectiveType.STRING),
                Directive.of(OAuthSettings.JWKS_REFRESH_INTERVAL, DirectiveType.DURATION),
                Directive.of(OAuthSettings.CLIENT_ID, DirectiveType.STRING),
                Directive.of(OAuthSettings.CLIENT_SECRET, DirectiveType.STRING),
                Directive.of(OAuthSettings.OPENID_CONFIGURATION, DirectiveType.STRING),
                Directive.of(OAuthSettings.INTROSPECTION_CACHE, DirectiveType.DURATION),
                Directive.of(OAuthSettings.TIMEOUT, DirectiveType.DURATION));
    }

    @Override
    public void configure(ModuleContext context) {
        Map<String, TokenAuthenticator.Validator> byServer = new HashMap<>();
        Map<URI, JwksKeys> jwks = new HashMap<>();
        for (ServerConfig server : context.servers()) {
            if (!OAuthSettings.enabled(server)) {
                continue;
            }
            OAuthSettings settings = OAuthSettings.of(server);
            HttpClient client = http();
            Optional<JwtVerifier> jwt = settings.jwks().map(url -> new JwtVerifier(jwks.computeIfAbsent(url,
                    u -> new JwksKeys(client, u, settings.jwksRefreshInterval(), settings.timeout(), clock))));
            Optional<Introspection> introspection = jwt.isPresent() ? Optional.empty()
                    : settings.introspection().map(url -> new Introspection(client, url, settings.clientId(),
                            settings.clientSecret(), settings.introspectionCache(), settings.timeout(), clock));
            byServer.put(server.name(), new TokenAuthenticator.Validator(settings, jwt, introspection));
        }
        if (!byServer.isEmpty()) {
            context.addAuthenticator("oauth", new TokenAuthenticator(byServer, clock));
        }
    }

    /** One client for the module; it makes no connection before the first login asks. */
    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(java.time.Duration.ofSeconds(10)).build();
        }
        return http;
    }
}
