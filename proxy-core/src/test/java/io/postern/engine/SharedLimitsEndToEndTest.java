package io.postern.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.postern.spi.AuthDecision;
import io.postern.spi.Authenticator;
import io.postern.spi.Credentials;
import io.postern.spi.UpstreamAddress;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import io.postern.testing.upstreams.RedisFixture;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code limit_conn_store = redis} end to end: two Postern instances sharing a real Redis, in front
 * of one GreenMail, hold a user to one limit between them.
 */
class SharedLimitsEndToEndTest {

    private static final String USER = "bob@localhost";
    private static final String PASSWORD = "s3cr3t-Pa55";
    private static final String LOGIN = "C: a1 LOGIN " + USER + " " + PASSWORD;

    @TempDir
    Path dir;

    private GreenMail greenMail;
    private RedisFixture redis;
    private final List<PosternFixture> instances = new ArrayList<>();
    private final List<ScriptClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        greenMail.start();
        greenMail.setUser(USER, USER, PASSWORD);
        redis = RedisFixture.start(dir.resolve("redis"));
        UpstreamAddress upstream = new UpstreamAddress("127.0.0.1", greenMail.getImap().getPort());
        Authenticator auth = request -> request.credentials() instanceof Credentials.Plain plain
                && plain.user().equals(USER) && plain.password().equals(PASSWORD)
                ? StaticAuthModule.answer(AuthDecision.acceptedTo(upstream))
                : StaticAuthModule.answer(AuthDecision.declined());
        for (String name : List.of("a", "b")) {
            instances.add(PosternFixture.start(java.nio.file.Files.createDirectories(dir.resolve(name)), """
                    mail {
                      server_name = mail.test
                      redis { uri = "%s", timeout = 2s }
                      limit_conn_store = redis
                      limit_conn_per_user = 1
                      limit_conn_per_ip = 2
                      limit_conn_exempt = []
                      servers.imap { protocol = imap, listen = "127.0.0.1:0" }
                    }
                    """.formatted(redis.uri()), StaticAuthModule.of(auth)));
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (ScriptClient client : clients) {
            client.close();
        }
        instances.forEach(PosternFixture::close);
        redis.close();
        greenMail.stop();
    }

    private ScriptClient connect(int instance) throws Exception {
        Socket socket = new Socket();
        socket.connect(instances.get(instance).address(), 10_000);
        ScriptClient client = new ScriptClient(socket);
        clients.add(client);
        return client.run("S: \\* OK .*");
    }

    @Test
    void aUserOverTheLimitOnOneInstanceIsRefusedOnTheOther() throws Exception {
        ScriptClient first = connect(0).run(LOGIN + "\nS: a1 OK .*");
        connect(1).run(LOGIN + "\nS: \\* BYE Maximum number of connections from user exceeded\nS: <closed>");

        first.run("C: a2 LOGOUT\nS: \\* BYE.*\nS: a2 OK.*");
        await("the lease released", () -> {
            try {
                return redis.command("ZCARD", "postern:limits:{" + USER + "}:user").equals(":0");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        connect(1).run(LOGIN + "\nS: a1 OK .*");
    }

    @Test
    void anAddressOverItsConnectionLimitOnOneInstanceIsRefusedOnTheOther() throws Exception {
        connect(0);
        ScriptClient second = connect(1);
        Socket socket = new Socket();
        socket.connect(instances.get(0).address(), 10_000);
        ScriptClient third = new ScriptClient(socket);
        clients.add(third);
        third.run("S: \\* BYE Too many connections from your address\nS: <closed>");
        second.close();
        await("the lease released", () -> {
            try {
                return redis.command("ZCARD", "postern:limits:ip:127.0.0.1").equals(":1");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        connect(0);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("still not true after 20 s: " + what);
            }
            Thread.sleep(10);
        }
    }
}
