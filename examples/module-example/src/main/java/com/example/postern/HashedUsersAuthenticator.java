package com.example.postern;

import io.postern.spi.AuthDecision;
import io.postern.spi.AuthRequest;
import io.postern.spi.Authenticator;
import io.postern.spi.Credentials;
import io.postern.spi.UpstreamAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Lets the users of {@code example_users} in and sends them to {@code example_upstream}. It
 * answers at once, from memory: a handler runs on the session's event loop and must never block
 * (a lookup in a database would complete the stage from the database client's thread).
 */
final class HashedUsersAuthenticator implements Authenticator {

    private final HashedUsers users;
    private final UpstreamAddress upstream;

    HashedUsersAuthenticator(HashedUsers users, UpstreamAddress upstream) {
        this.users = users;
        this.upstream = upstream;
    }

    @Override
    public CompletionStage<AuthDecision> authenticate(AuthRequest request) {
        return CompletableFuture.completedFuture(decide(request.credentials()));
    }

    private AuthDecision decide(Credentials credentials) {
        // Only a password in clear can be checked against a hash. Credentials is a sealed
        // interface that a later SPI may extend: never switch over it without a default.
        if (!(credentials instanceof Credentials.Plain plain)) {
            return AuthDecision.declined();
        }
        Optional<Boolean> matches = users.check(plain.user(), plain.password());
        if (matches.isEmpty()) {
            return AuthDecision.declined();
        }
        return matches.get() ? AuthDecision.acceptedTo(upstream) : AuthDecision.rejected("Invalid login or password");
    }
}
