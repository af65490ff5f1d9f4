package io.postern.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.postern.module.LoadedModule;
import io.postern.spi.AuthDecision;
import io.postern.spi.Authenticator;
import io.postern.spi.CloseReason;
import io.postern.spi.Credentials;
import io.postern.spi.SessionInfo;
import io.postern.spi.SessionListener;
import io.postern.spi.SessionSummary;
import io.postern.spi.UpstreamAddress;
import io.postern.spi.imap.ImapFilter;
import io.postern.testing.ImapFilterModule;
import io.postern.testing.ListenerModule;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import io.postern.testing.upstreams.RedisFixture;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kicking a user: every session of the login closes, on every instance sharing Redis, with the
 * protocol's goodbye where the relay is framed; other users' sessions stay.
 */
class KickEndToEndTest {

    private static final String PASSWORD = "s3cr3t-Pa55";

    @TempDir
    Path dir;

    private GreenMail greenMail;
    private RedisFixture redis;
    private final List<PosternFixture> instances = new ArrayList<>();
    private final List<ScriptClient> clients = new ArrayList<>();
    private final List<CloseReason> closes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startUpstream() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        greenMail.start();
        greenMail.setUser("bob@localhost", "bob@localhost", PASSWORD);
        greenMail.setUser("alice@localhost", "alice@localhost", PASSWORD);
    }

    @AfterEach
    void stop() throws Exception {
        for (ScriptClient client : clients) {
            client.close();
        }
        instances.forEach(PosternFixture::close);
        if (redis != null) {
            redis.close();
        }
        greenMail.stop();
    }

    private PosternFixture instance(String name, String redisBlock, boolean framed) throws Exception {
        UpstreamAddress upstream = new UpstreamAddress("127.0.0.1", greenMail.getImap().getPort());
        Authenticator auth = request -> request.credentials() instanceof Credentials.Plain plain
                && plain.password().equals(PASSWORD)
                ? StaticAuthModule.answer(AuthDecision.acceptedTo(upstream))
                : StaticAuthModule.answer(AuthDecision.declined());
        SessionListener recorder = new SessionListener() {
            @Override
            public void onClose(SessionInfo session, SessionSummary summary) {
                closes.add(summary.reason());
            }
        };
        List<LoadedModule> modules = new ArrayList<>(List.of(StaticAuthModule.of(auth), ListenerModule.of(recorder)));
        if (framed) {
            modules.add(ImapFilterModule.of(() -> new ImapFilter() { }));
        }
        PosternFixture postern = PosternFixture.start(Files.createDirectories(dir.resolve(name)), """
                mail {
                  server_name = mail.test
                  %s
                  servers.imap { protocol = imap, listen = "127.0.0.1:0" }
                }
                """.formatted(redisBlock), modules.toArray(LoadedModule[]::new));
        instances.add(postern);
        return postern;
    }

    private ScriptClient login(PosternFixture postern, String user) throws Exception {
        Socket socket = new Socket();
        socket.connect(postern.address(), 10_000);
        ScriptClient client = new ScriptClient(socket);
        clients.add(client);
        return client.run("S: \\* OK .*\nC: a1 LOGIN " + user + "@localhost " + PASSWORD + "\nS: a1 OK .*");
    }

    @Test
    void closesTheUsersSessionsOnEveryInstanceWithTheGoodbyeWhereFramed() throws Exception {
        redis = RedisFixture.start(dir.resolve("redis"));
        String block = "redis { uri = \"" + redis.uri() + "\", timeout = 2s }";
        PosternFixture raw = instance("a", block, false);
        PosternFixture framed = instance("b", block, true);
        ScriptClient bobRaw = login(raw, "bob");
        ScriptClient bobFramed = login(framed, "bob");
        ScriptClient alice = login(framed, "alice");

        long reached = raw.postern().sessionControl().kick("BOB@localhost").toCompletableFuture()
                .get(20, TimeUnit.SECONDS);

        assertThat(reached).as("both instances subscribed").isEqualTo(2);
        bobFramed.run("S: \\* BYE Disconnected by the administrator\nS: <closed>");
        bobRaw.run("S: <closed>"); // a raw relay cannot know where an answer ends: no word of Postern's own
        alice.run("C: a2 NOOP\nS: a2 OK .*");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (closes.stream().filter(CloseReason.KICKED::equals).count() < 2) {
            assertThat(System.nanoTime()).as("both sessions closed as kicked").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void withoutRedisClosesThisInstancesSessions() throws Exception {
        PosternFixture only = instance("solo", "", true);
        ScriptClient bob = login(only, "bob");
        assertThat(only.postern().sessionControl().kick("bob@localhost").toCompletableFuture()
                .get(20, TimeUnit.SECONDS)).isEqualTo(1);
        bob.run("S: \\* BYE Disconnected by the administrator\nS: <closed>");
    }
}
