package io.postern.sandbox;

import io.postern.spi.AuthDecision;
import io.postern.spi.AuthRequest;
import io.postern.spi.Authenticator;
import io.postern.spi.Credentials;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Accepts the sandbox users and sends each to the embedded server of the protocol it logged
 * in with. Declines everything else (other users, and credentials other than a clear-text
 * password), so an authenticator after it in the phase may still decide: the sandbox must
 * never be the reason a real user is turned away.
 *
 * <p>Answers at once from memory, so it is safe on the event loop.
 */
final class SandboxAuthenticator implements Authenticator {

    /** Compared against when the login is unknown, so both paths do the same work. */
    private static final byte[] NO_USER = sha256("\0no such sandbox user\0");

    private final SandboxSettings settings;
    private final Map<String, byte[]> passwordDigests;

    SandboxAuthenticator(SandboxSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        final Map<String, byte[]> digests = new LinkedHashMap<>();
        for (SandboxUser user : settings.users()) {
            digests.put(user.login(), sha256(user.password()));
        }
        this.passwordDigests = Map.copyOf(digests);
    }

    @Override
    public CompletionStage<AuthDecision> authenticate(AuthRequest request) {
        return CompletableFuture.completedFuture(decide(request));
    }

    private AuthDecision decide(AuthRequest request) {
        if (!(request.credentials() instanceof Credentials.Plain plain)) {
            return AuthDecision.declined();
        }
        final byte[] expected = passwordDigests.getOrDefault(plain.user(), NO_USER);
        // Digests have the same length whatever the password, so the comparison's time tells
        // nothing about the password's length or its first good bytes.
        final boolean match = MessageDigest.isEqual(expected, sha256(plain.password()));
        if (!match || expected == NO_USER) {
            return AuthDecision.declined();
        }
        return AuthDecision.acceptedTo(settings.upstreamFor(request.session().protocol()));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "SandboxAuthenticator[users=" + passwordDigests.keySet() + "]";
    }
}
