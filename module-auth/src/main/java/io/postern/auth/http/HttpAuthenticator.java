package io.postern.auth.http;

import io.postern.spi.AuthDecision;
import io.postern.spi.AuthRequest;
import io.postern.spi.Authenticator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The AUTH phase handler: asks the session's server's auth_http servers and answers with
 * their decision. Servers without {@code auth_http} are declined. Returns at once; the
 * request bytes are written here, on the event loop, from the session's values.
 */
final class HttpAuthenticator implements Authenticator {

    private final Map<String, AuthHttpSettings> byServer;
    private final Supplier<AuthHttpClient> client;

    /**
     * @param byServer the settings of each server (by block name) that sets auth_http
     * @param client the running client, or null before {@code start()}
     */
    HttpAuthenticator(Map<String, AuthHttpSettings> byServer, Supplier<AuthHttpClient> client) {
        this.byServer = Map.copyOf(byServer);
        this.client = client;
    }

    @Override
    public CompletionStage<AuthDecision> authenticate(AuthRequest request) {
        AuthHttpSettings settings = byServer.get(request.session().server().name());
        if (settings == null) {
            return CompletableFuture.completedFuture(AuthDecision.declined());
        }
        AuthHttpClient running = client.get();
        if (running == null) {
            return CompletableFuture.completedFuture(new AuthDecision.Failed("auth_http: the module is not started"));
        }
        List<AuthHttpUrl> urls = settings.urls();
        List<byte[]> requests = new ArrayList<>(urls.size());
        for (AuthHttpUrl url : urls) {
            requests.add(RequestWriter.write(request, url, settings));
        }
        return new AuthHttpLogin(running, settings, requests, request.session().protocol(), request.credentials(),
                request.session().logContext()).start();
    }
}
