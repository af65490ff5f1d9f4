package io.postern.auth.users;

import io.postern.spi.AuthDecision;
import io.postern.spi.AuthRequest;
import io.postern.spi.Authenticator;
import io.postern.spi.Credentials;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code users} authenticator: answers for the logins of the server's users file and
 * declines every other login, so that another authenticator may know it. Clear-text
 * passwords are checked on the module's verification executor, never on the event loop,
 * since bcrypt takes tens of milliseconds by design. CRAM-MD5 and APOP need the clear-text
 * password, so they work only for {@code {PLAIN}} entries.
 */
final class UsersAuthenticator implements Authenticator {

    /** Dovecot's answer to a wrong password, and its {@code auth_failure_delay}. */
    static final String FAILED = "Authentication failed.";
    static final Duration FAILURE_DELAY = Duration.ofSeconds(2);

    private final Map<String, UsersDatabase> byServer;
    private final Supplier<Executor> verifier;

    /**
     * @param byServer the users of each server that has {@code auth_users}, by server name
     * @param verifier the executor password checks run on; {@code null} before the module started
     */
    UsersAuthenticator(Map<String, UsersDatabase> byServer, Supplier<Executor> verifier) {
        this.byServer = Map.copyOf(byServer);
        this.verifier = verifier;
    }

    @Override
    public CompletionStage<AuthDecision> authenticate(AuthRequest request) {
        UsersDatabase users = byServer.get(request.session().server().name());
        Credentials credentials = request.credentials();
        Optional<UserEntry> found = users == null ? Optional.empty() : users.find(credentials.user());
        if (found.isEmpty()) {
            return CompletableFuture.completedFuture(AuthDecision.declined());
        }
        UserEntry user = found.get();
        if (credentials instanceof Credentials.Plain plain) {
            return verifyLater(user, plain.password());
        }
        Optional<String> clear = user.password().clearText();
        if (clear.isPresent() && credentials instanceof Credentials.CramMd5 cram) {
            return done(user, digestMatches(hmacMd5(clear.get(), cram.salt()), cram.digest()), clear);
        }
        if (clear.isPresent() && credentials instanceof Credentials.Apop apop) {
            return done(user, digestMatches(md5(apop.salt() + clear.get()), apop.digest()), clear);
        }
        return CompletableFuture.completedFuture(AuthDecision.declined());
    }

    private CompletionStage<AuthDecision> verifyLater(UserEntry user, String password) {
        Executor executor = verifier.get();
        if (executor == null) {
            return CompletableFuture.completedFuture(new AuthDecision.Failed("users: not started"));
        }
        CompletableFuture<AuthDecision> answer = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                if (answer.isDone()) {
                    return; // cancelled: the client left while the check was queued
                }
                try {
                    answer.complete(decide(user, user.password().matches(password), Optional.empty()));
                } catch (RuntimeException e) {
                    answer.complete(new AuthDecision.Failed("users: checking the password of \""
                            + user.login() + "\" failed: " + e.getClass().getSimpleName()));
                }
            });
        } catch (RejectedExecutionException e) {
            answer.complete(new AuthDecision.Failed("users: too many password checks queued"));
        }
        return answer;
    }

    private static CompletionStage<AuthDecision> done(UserEntry user, boolean good, Optional<String> upstreamPassword) {
        return CompletableFuture.completedFuture(decide(user, good, upstreamPassword));
    }

    /**
     * The answer for a checked password. A CRAM-MD5 or APOP client sent no password, so the
     * stored one is given for the upstream login.
     */
    static AuthDecision decide(UserEntry user, boolean good, Optional<String> upstreamPassword) {
        if (!good) {
            return new AuthDecision.Rejected(FAILED, Optional.of(FAILURE_DELAY), Optional.empty());
        }
        return new AuthDecision.Accepted(user.upstreamLogin(), upstreamPassword, user.upstream(), Map.of());
    }

    private static boolean digestMatches(byte[] expected, String hexDigest) {
        byte[] given = hexDigest.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(HexFormat.of().formatHex(expected).getBytes(StandardCharsets.US_ASCII), given);
    }

    static byte[] hmacMd5(String password, String salt) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacMD5"));
            return mac.doFinal(salt.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacMD5", e);
        }
    }

    static byte[] md5(String text) {
        try {
            return MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }
}
