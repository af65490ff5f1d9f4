package io.postern.auth.http;

import io.postern.auth.AuthFeature;
import io.postern.spi.Connector;
import io.postern.spi.Directive;
import io.postern.spi.DirectiveType;
import io.postern.spi.ModuleContext;
import io.postern.spi.Reconfiguration;
import io.postern.spi.ServerConfig;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * nginx's {@code auth_http}: declares the {@code auth_http*} directives, and, when any server
 * sets {@code auth_http}, registers the authenticator {@code auth_http} in the AUTH phase.
 * The HTTP client is made in {@link #start()} (never for {@code postern -t}); it runs on the
 * core's event loops through {@link ModuleContext#connector()}, with no thread of its own.
 */
public final class AuthHttpFeature implements AuthFeature {

    /** The name of the authenticator in the AUTH phase (for the {@code phases} block). */
    public static final String AUTHENTICATOR = "auth_http";

    private final SslContextSource ssl;
    private volatile Map<String, AuthHttpSettings> byServer = Map.of();
    private volatile AuthHttpClient client;
    private volatile Connector connector;

    /** Whether {@code server} asks an auth server ({@code auth_http}, set in it or inherited). */
    public static boolean asksAnAuthServer(ServerConfig server) {
        return AuthHttpSettings.enabled(server);
    }

    /** A context source that may fail, like {@link SSLContext#getDefault()}. */
    @FunctionalInterface
    interface SslContextSource {
        SSLContext get() throws NoSuchAlgorithmException;
    }

    /** Verifies {@code https://} auth servers against the JDK's trust store. */
    public AuthHttpFeature() {
        this(SSLContext::getDefault);
    }

    /** For tests: verifies {@code https://} auth servers with {@code ssl}. */
    AuthHttpFeature(SslContextSource ssl) {
        this.ssl = ssl;
    }

    @Override
    public List<Directive> directives() {
        return List.of(
                Directive.of(AuthHttpSettings.AUTH_HTTP, DirectiveType.STRING_LIST),
                Directive.of(AuthHttpSettings.HEADER, DirectiveType.OBJECT),
                Directive.of(AuthHttpSettings.TIMEOUT, DirectiveType.DURATION),
                Directive.of(AuthHttpSettings.PASS_CLIENT_CERT, DirectiveType.FLAG),
                Directive.of(AuthHttpSettings.KEEPALIVE, DirectiveType.INTEGER),
                Directive.of(AuthHttpSettings.MAX_RESPONSE, DirectiveType.SIZE),
                Directive.of(AuthHttpSettings.EXTRA_HEADERS, DirectiveType.FLAG));
    }

    @Override
    public void configure(ModuleContext context) {
        byServer = register(context);
    }

    /**
     * The new {@code auth_http*} settings for new sessions; the HTTP client and its kept-alive
     * connections serve both configurations (a request in flight finishes on it). A client is
     * started here if the running configuration had none, so that a failure refuses the reload.
     */
    @Override
    public Reconfiguration reconfigure(ModuleContext context) {
        Map<String, AuthHttpSettings> settings = register(context);
        AuthHttpClient started;
        try {
            started = !settings.isEmpty() && client == null ? AuthHttpClient.start(connector, ssl.get()) : null;
        } catch (Exception e) {
            throw new IllegalStateException(AuthHttpSettings.AUTH_HTTP + ": the HTTP client cannot start: " + e, e);
        }
        return new Reconfiguration() {
            @Override
            public void commit() {
                byServer = settings;
                if (started != null) {
                    client = started;
                }
            }

            @Override
            public void abandon() {
                if (started != null) {
                    started.close();
                }
            }
        };
    }

    private Map<String, AuthHttpSettings> register(ModuleContext context) {
        if (AuthHttpSettings.enabled(context.mail())) {
            AuthHttpSettings.from(context.mail()); // a bad value is an error even if every server overrides it
        }
        Map<String, AuthHttpSettings> settings = new LinkedHashMap<>();
        for (ServerConfig server : context.servers()) {
            if (AuthHttpSettings.enabled(server)) {
                settings.put(server.name(), AuthHttpSettings.from(server));
            }
        }
        Map<String, AuthHttpSettings> copy = Map.copyOf(settings);
        if (!copy.isEmpty()) {
            connector = context.connector();
            context.addAuthenticator(AUTHENTICATOR, new HttpAuthenticator(copy, () -> client));
        }
        return copy;
    }

    @Override
    public void start() throws Exception {
        if (!byServer.isEmpty() && client == null) {
            client = AuthHttpClient.start(connector, ssl.get());
        }
    }

    @Override
    public void close() {
        AuthHttpClient c = client;
        client = null;
        if (c != null) {
            c.close();
        }
    }
}
