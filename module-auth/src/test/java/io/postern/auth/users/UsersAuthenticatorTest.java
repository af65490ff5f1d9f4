package io.postern.auth.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.auth.testkit.FakeServerConfig;
import io.postern.auth.testkit.FakeSession;
import io.postern.spi.AuthDecision;
import io.postern.spi.AuthRequest;
import io.postern.spi.Credentials;
import io.postern.spi.UpstreamAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersAuthenticatorTest {

    private static final String BCRYPT_ABC = "$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i";
    private static final String SALT = "<1896.697170952@postoffice.reston.mci.net>";

    @TempDir
    Path dir;

    private final FakeSession session = FakeSession.from("192.0.2.7", FakeServerConfig.of("imap", ""));
    private UsersDatabase users;

    @BeforeEach
    void writeUsers() throws Exception {
        Path file = dir.resolve("users");
        Files.writeString(file, "alice:{BLF-CRYPT}" + BCRYPT_ABC + ":10.0.0.5:143:alice@backend\n"
                + "tim:{PLAIN}tanstaaftanstaaf\n");
        users = UsersDatabase.load(file);
    }

    private AuthDecision ask(Executor executor, AuthRequest request) throws Exception {
        return new UsersAuthenticator(Map.of("imap", users), Set.of(), () -> executor).authenticate(request)
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private AuthDecision ask(AuthRequest request) throws Exception {
        return ask(Runnable::run, request);
    }

    @Test
    void acceptsAGoodPasswordNamingUpstreamAndUpstreamLogin() throws Exception {
        assertThat(ask(session.plain("alice", "abc"))).isEqualTo(new AuthDecision.Accepted(
                Optional.of("alice@backend"), Optional.empty(), Optional.of(new UpstreamAddress("10.0.0.5", 143)),
                Map.of()));
    }

    @Test
    void rejectsAWrongPasswordInTheCoresWordsForUnknownLoginsSoTheClientMayRetry() throws Exception {
        assertThat(ask(session.plain("alice", "abd"))).isEqualTo(new AuthDecision.Rejected(
                "Authentication failed", Optional.of(Duration.ofSeconds(2)), Optional.empty()));
    }

    @Test
    void checksAnUnknownLoginsPasswordOnTheVerifierBeforeDeclining() throws Exception {
        List<Runnable> checks = new ArrayList<>();
        Executor counting = task -> {
            checks.add(task);
            task.run();
        };

        assertThat(ask(counting, session.plain("mallory", "abc"))).isEqualTo(AuthDecision.declined());
        assertThat(checks).as("one password check, as for a known user").hasSize(1);
        assertThat(ask(counting, session.plain("alice", "abd"))).isInstanceOf(AuthDecision.Rejected.class);
        assertThat(checks).hasSize(2);
    }

    @Test
    void leavesAnUnknownLoginToTheAuthServerWithoutADummyCheckWhereTheServerAlsoAsksOne() throws Exception {
        List<Runnable> checks = new ArrayList<>();
        Executor counting = task -> {
            checks.add(task);
            task.run();
        };
        UsersAuthenticator authenticator = new UsersAuthenticator(Map.of("imap", users), Set.of("imap"),
                () -> counting);

        assertThat(authenticator.authenticate(session.plain("mallory", "abc")).toCompletableFuture()
                .get(5, TimeUnit.SECONDS)).isEqualTo(AuthDecision.declined());
        assertThat(checks).isEmpty();
    }

    @Test
    void checksUnknownLoginsAgainstADummyOfTheFilesCommonestSchemeAndCost() throws Exception {
        Files.writeString(dir.resolve("mixed"), "a:{BLF-CRYPT}" + BCRYPT_ABC + "\n"
                + "b:{SHA512-CRYPT}$6$rounds=6000$saltstring$" + "x".repeat(86) + "\n"
                + "c:{SHA512-CRYPT}$6$rounds=6000$othersalt$" + "y".repeat(86) + "\n"
                + "d:{PLAIN}secret\n");

        PasswordHash dummy = UsersDatabase.load(dir.resolve("mixed")).dummy();

        assertThat(dummy.cost()).isEqualTo("SHA512-CRYPT rounds 6000");
        assertThat(users.dummy().cost()).as("a tie goes to the more expensive").isEqualTo("BLF-CRYPT cost 6");
        assertThat(dummy.matches("")).isFalse();
    }

    @Test
    void declinesUnknownUsersAndOtherServers() throws Exception {
        assertThat(ask(session.plain("mallory", "abc"))).isEqualTo(AuthDecision.declined());

        FakeSession pop3 = FakeSession.from("192.0.2.7", FakeServerConfig.of("pop3", ""));
        assertThat(ask(pop3.plain("alice", "abc"))).isEqualTo(AuthDecision.declined());
    }

    @Test
    void checksPasswordsOffTheCallersThread() throws Exception {
        Thread caller = Thread.currentThread();
        Thread[] checker = new Thread[1];
        Executor other = task -> new Thread(() -> {
            checker[0] = Thread.currentThread();
            task.run();
        }).start();

        assertThat(ask(other, session.plain("alice", "abc"))).isInstanceOf(AuthDecision.Accepted.class);
        assertThat(checker[0]).isNotNull().isNotSameAs(caller);
    }

    @Test
    void failsInsteadOfWaitingWhenTheQueueIsFull() throws Exception {
        Executor full = task -> {
            throw new RejectedExecutionException("full");
        };

        assertThat(ask(full, session.plain("alice", "abc")))
                .isEqualTo(new AuthDecision.Failed("users: too many password checks queued"));
    }

    /** RFC 2195's example: user tim, password tanstaaftanstaaf. */
    @Test
    void acceptsCramMd5ForPlainEntriesAndHandsThePasswordToTheUpstreamLogin() throws Exception {
        String digest = "b913a602c7eda7a495b4e6e7334d3890";
        AuthDecision decision = ask(new AuthRequest(session, new Credentials.CramMd5("tim", SALT, digest), 1));

        assertThat(decision).isEqualTo(new AuthDecision.Accepted(Optional.empty(), Optional.of("tanstaaftanstaaf"),
                Optional.empty(), Map.of()));
        assertThat(ask(new AuthRequest(session, new Credentials.CramMd5("tim", SALT, "00" + digest.substring(2)), 1)))
                .isInstanceOf(AuthDecision.Rejected.class);
    }

    @Test
    void acceptsApopForPlainEntries() throws Exception {
        String digest = HexFormat.of().formatHex(UsersAuthenticator.md5(SALT + "tanstaaftanstaaf"));

        assertThat(ask(new AuthRequest(session, new Credentials.Apop("tim", SALT, digest.toUpperCase()), 1)))
                .isInstanceOf(AuthDecision.Accepted.class);
        assertThat(ask(new AuthRequest(session, new Credentials.Apop("tim", SALT, "0" + digest.substring(1)), 1)))
                .isInstanceOf(AuthDecision.Rejected.class);
    }

    @Test
    void declinesCramMd5ForHashedEntries() throws Exception {
        assertThat(ask(new AuthRequest(session, new Credentials.CramMd5("alice", SALT, "00"), 1)))
                .isEqualTo(AuthDecision.declined());
    }
}
