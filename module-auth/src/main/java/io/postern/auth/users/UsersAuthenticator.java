package io.postern.auth.users;

import io.postern.spi.AuthDecision;
import io.postern.spi.AuthRequest;
import io.postern.spi.Authenticator;
import io.postern.spi.Credentials;
import io.postern.spi.WireText;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code users} authenticator: answers for the logins of the server's users file and
 * declines every other login, so that another authenticator may know it, but only after checking
 * the password against a dummy hash of the file's usual cost, so that a login the file does not
 * know is answered as late as a wrong password is (and, when no other authenticator knows it
 * either, in the same words: the core's). Clear-text passwords are checked on the module's
 * verification executor, never on the event loop, since bcrypt takes tens of milliseconds by
 * design. CRAM-MD5 and APOP need the clear-text
 * password, so they work only for {@code {PLAIN}} entries.
 */
final class UsersAuthenticator implements Authenticator {

    /**
     * The answer to a wrong password: the core's own words for a login nobody knows (when every
     * authenticator declines), to the byte, so that the answer does not tell a known user from an
     * unknown one; and Dovecot's {@code auth_failure_delay}, the core's delay for that answer too.
     */
    static final String FAILED = "Authentication failed";
    static final Duration FAILURE_DELAY = Duration.ofSeconds(2);

    private final Map<String, UsersDatabase> byServer;
    private final Set<String> passedOn;
    private final Supplier<Executor> verifier;

    /**
     * @param byServer the users of each server that has {@code auth_users}, by server name
     * @param passedOn the servers that also ask an auth server ({@code auth_http}): there an
     *     unknown login's answer and its time are the auth server's, so no dummy check is made
     *     (it would only add a password hash to every login the auth server knows)
     * @param verifier the executor password checks run on; {@code null} before the module started
     */
    UsersAuthenticator(Map<String, UsersDatabase> byServer, Set<String> passedOn, Supplier<Executor> verifier) {
        this.byServer = Map.copyOf(byServer);
        this.passedOn = Set.copyOf(passedOn);
        this.verifier = verifier;
    }

    @Override
    public CompletionStage<AuthDecision> authenticate(AuthRequest request) {
        UsersDatabase users = byServer.get(request.session().server().name());
        Credentials credentials = request.credentials();
        if (users == null) {
            return CompletableFuture.completedFuture(AuthDecision.declined());
        }
        Optional<UserEntry> found = users.find(credentials.user());
        if (found.isEmpty()) {
            // Declined only after a check that costs what a known user's does: see DummyHash.
            return credentials instanceof Credentials.Plain plain
                    && !passedOn.contains(request.session().server().name())
                    ? verifyLater(users.dummy(), plain.password(), good -> AuthDecision.declined(), "an unknown login")
                    : CompletableFuture.completedFuture(AuthDecision.declined());
        }
        UserEntry user = found.get();
        if (credentials instanceof Credentials.Plain plain) {
            return verifyLater(user.password(), plain.password(), good -> decide(user, good, Optional.empty()),
                    "\"" + WireText.escape(user.login()) + "\"");
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

    /**
     * Checks {@code password} against {@code hash} on the verification executor and answers
     * {@code decide}'s decision for the result; {@code whose} names the login in a failure.
     */
    private CompletionStage<AuthDecision> verifyLater(PasswordHash hash, String password,
                                                      Function<Boolean, AuthDecision> decide, String whose) {
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
                    answer.complete(decide.apply(hash.matches(password)));
                } catch (RuntimeException e) {
                    answer.complete(new AuthDecision.Failed("users: checking the password of " + whose
                            + " failed: " + e.getClass().getSimpleName()));
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
        return new AuthDecision.Accepted(user.upstreamLogin(), upstreamPassword, user.upstream(), user.attributes());
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
