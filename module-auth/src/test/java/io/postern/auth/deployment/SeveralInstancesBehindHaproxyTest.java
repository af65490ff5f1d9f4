package io.postern.auth.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.postern.auth.AuthModule;
import io.postern.log.LogModule;
import io.postern.module.LoadedModule;
import io.postern.module.ModuleDescriptor;
import io.postern.spi.SessionInfo;
import io.postern.spi.SessionListener;
import io.postern.spi.SpiVersion;
import io.postern.spi.UpstreamAddress;
import io.postern.testing.ListenerModule;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.upstreams.FreePorts;
import io.postern.testing.upstreams.HaproxyFixture;
import io.postern.testing.upstreams.MailServers;
import io.postern.testing.upstreams.MailUser;
import io.postern.testing.upstreams.RealMailServers;
import io.postern.testing.upstreams.RedisFixture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/deployment.md as written: a real HAProxy ({@code send-proxy-v2}, health checks on the status
 * page) in front of two Postern instances sharing a real Redis, in front of the real Dovecot.
 * Only addresses and ports differ from the page, plus, appended, smaller limits so the test is
 * quick ({@link #TEST_LIMITS}) and a second HAProxy frontend that gives the one Dovecot a second
 * address, so that the pool has two mail stores.
 */
@RealMailServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeveralInstancesBehindHaproxyTest {

    /** Smaller than the page's, appended after it: the test reaches the limits in a few logins. */
    static final String TEST_LIMITS = """
            mail.limit_conn_per_user = 2
            mail.auth_throttle_lockout_after = 4
            mail.auth_throttle_delay_after = 100
            """;

    private final MailServers servers;
    private final List<PosternFixture> instances = new ArrayList<>();
    /** Per instance: the sessions it served (client address) and the mail store each login went to. */
    private final List<List<String>> clients = List.of(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
    private final List<List<String>> upstreams = List.of(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
    private final List<ScriptClient> open = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private RedisFixture redis;
    private HaproxyFixture haproxy;
    private int front;
    private int[] status;
    private int[] admin;
    private String adminToken;

    SeveralInstancesBehindHaproxyTest(MailServers servers) {
        this.servers = servers;
    }

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        redis = RedisFixture.start(dir.resolve("redis"));
        DeploymentPage page = DeploymentPage.read();
        adminToken = page.value("postern.conf", "admin_token");
        int[] ports = FreePorts.pick(8);
        front = ports[0];
        int store2 = ports[1];
        int[] imap = {ports[2], ports[3]};
        status = new int[] {ports[4], ports[5]};
        admin = new int[] {ports[6], ports[7]};
        UpstreamAddress dovecot = servers.imap();
        for (int i = 0; i < 2; i++) {
            Path home = Files.createDirectories(dir.resolve("postern" + (i + 1)));
            StringBuilder users = new StringBuilder();
            for (MailUser user : servers.users()) {
                users.append(user.name()).append(":{PLAIN}").append(user.password()).append('\n');
            }
            Files.writeString(home.resolve("users"), users, StandardCharsets.UTF_8);
            Map<String, String> local = new LinkedHashMap<>();
            local.put("\"10.0.0.2\"", "\"127.0.0.1\"");
            local.put("redis://10.0.0.30:6379/0", redis.uri());
            local.put("0.0.0.0:9145", "127.0.0.1:" + status[i]);
            local.put("127.0.0.1:9146", "127.0.0.1:" + admin[i]);
            local.put("0.0.0.0:143 proxy_protocol", "127.0.0.1:" + imap[i] + " proxy_protocol");
            local.put("10.0.0.21:143", dovecot.host() + ":" + dovecot.port());
            local.put("10.0.0.22:143", "127.0.0.1:" + store2);
            String config = page.block("postern.conf", local) + TEST_LIMITS;
            instances.add(PosternFixture.start(home, config, module(new AuthModule(), "auth"),
                    module(new LogModule(), "log"), ListenerModule.of(recorder(i))));
        }
        Map<String, String> lb = new LinkedHashMap<>();
        lb.put("bind :143", "bind 127.0.0.1:" + front);
        lb.put("10.0.0.11:143 check port 9145", "127.0.0.1:" + imap[0] + " check port " + status[0]);
        lb.put("10.0.0.12:143 check port 9145", "127.0.0.1:" + imap[1] + " check port " + status[1]);
        String scaffolding = """

                # Test only: a second address for the one Dovecot, so that the pool has two stores.
                frontend store2
                    bind 127.0.0.1:%d
                    default_backend dovecot

                backend dovecot
                    server dovecot %s:%d
                """.formatted(store2, dovecot.host(), dovecot.port());
        haproxy = HaproxyFixture.start(dir.resolve("haproxy"), page.block("haproxy.cfg", lb) + scaffolding,
                front, store2);
        // HAProxy sends new connections to an instance once its health check passed.
        for (int attempt = 0; attempt < 200 && (clients.get(0).isEmpty() || clients.get(1).isEmpty()); attempt++) {
            try (ScriptClient probe = connect("127.0.0.9")) {
                probe.run("S: \\* OK .*\nC: a0 LOGOUT\nS: \\* BYE.*\nS: a0 OK.*");
            }
        }
        assertThat(clients).as("HAProxy reached both instances").allSatisfy(c -> assertThat(c).isNotEmpty());
    }

    private static LoadedModule module(io.postern.spi.PosternModule module, String name) {
        return LoadedModule.inProcess(module, new ModuleDescriptor(name, "test", SpiVersion.current(), "test"));
    }

    private SessionListener recorder(int instance) {
        return new SessionListener() {
            @Override
            public void onOpen(SessionInfo session) {
                clients.get(instance).add(session.clientAddress().getAddress().getHostAddress());
            }

            @Override
            public void onUpstreamConnected(SessionInfo session, UpstreamAddress upstream, Duration connectTime) {
                upstreams.get(instance).add(session.login().orElse("") + " " + upstream);
            }
        };
    }

    @AfterEach
    void closeClients() throws Exception {
        for (ScriptClient client : open) {
            client.close();
        }
        open.clear();
    }

    @AfterAll
    void stop() {
        if (haproxy != null) {
            haproxy.close();
        }
        instances.forEach(PosternFixture::close);
        if (redis != null) {
            redis.close();
        }
    }

    /** A connection to HAProxy's IMAP frontend from {@code from} (any 127/8 address is this machine). */
    private ScriptClient connect(String from) throws Exception {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", front), 10_000);
        ScriptClient client = new ScriptClient(socket);
        open.add(client);
        return client;
    }

    private ScriptClient login(String from, MailUser user) throws Exception {
        return connect(from).run("S: \\* OK .*\nC: a1 LOGIN " + user.name() + " " + user.password() + "\nS: a1 OK .*");
    }

    private long sessionsFrom(int instance, String address) {
        return clients.get(instance).stream().filter(address::equals).count();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("still not true after 30 s: %s", what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private String metrics(int instance) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + status[instance] + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theMailStoreSeesTheRealClientThroughHaproxyAndPostern() throws Exception {
        Path dovecotLog = Path.of(servers.logs().split(", ")[0]);
        assumeThat(Files.isRegularFile(dovecotLog)).as("Dovecot's log is a local file (not in a container)").isTrue();
        MailUser user = servers.user(0);
        login("127.0.0.2", user).run("C: a2 LOGOUT\nS: \\* BYE.*\nS: a2 OK.*");
        assertThat(sessionsFrom(0, "127.0.0.2") + sessionsFrom(1, "127.0.0.2")).as("Postern saw the client, not HAProxy")
                .isEqualTo(1);
        await("Dovecot logged the login with the client's address", () -> {
            try {
                return Files.readAllLines(dovecotLog, StandardCharsets.UTF_8).stream().anyMatch(l ->
                        l.contains("imap-login: Info: Login: user=<" + user.name() + ">") && l.contains("rip=127.0.0.2"));
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    @Test
    void aBruteForceSpreadOverTheInstancesIsThrottledAsAWhole() throws Exception {
        MailUser user = servers.user(1);
        for (int i = 0; i < 4; i++) {
            connect("127.0.0.3").run("S: \\* OK .*\nC: a1 LOGIN " + user.name() + " guess-" + i + "\nS: a1 NO .*");
        }
        assertThat(sessionsFrom(0, "127.0.0.3")).as("each instance alone saw fewer than the lockout's 4").isEqualTo(2);
        assertThat(sessionsFrom(1, "127.0.0.3")).isEqualTo(2);
        await("the fourth failure counted in Redis", () -> {
            try {
                return "4".equals(redis.command("HGET", "postern:throttle:ip:127.0.0.3", "count"));
            } catch (java.io.IOException e) {
                return false;
            }
        });
        for (int i = 0; i < 2; i++) { // whichever instance HAProxy picks
            connect("127.0.0.3").run("S: \\* OK .*\nC: a1 LOGIN " + user.name() + " " + user.password()
                    + "\nS: a1 NO .*Too many failed logins, try later");
        }
    }

    @Test
    void aUsersSessionLimitHoldsAcrossTheInstances() throws Exception {
        MailUser user = servers.user(2);
        login("127.0.0.4", user);
        login("127.0.0.4", user);
        assertThat(sessionsFrom(0, "127.0.0.4")).as("one session on each instance").isEqualTo(1);
        connect("127.0.0.4").run("S: \\* OK .*\nC: a1 LOGIN " + user.name() + " " + user.password()
                + "\nS: \\* BYE Maximum number of connections from user exceeded\nS: <closed>");
    }

    @Test
    void aUsersSessionsLandOnOneMailStoreFromEveryInstance() throws Exception {
        MailUser user = servers.user(3);
        for (int i = 0; i < 4; i++) {
            login("127.0.0.5", user).run("C: a2 LOGOUT\nS: \\* BYE.*\nS: a2 OK.*");
        }
        List<String> stores = new ArrayList<>();
        upstreams.forEach(list -> list.stream().filter(s -> s.startsWith(user.name() + " ")).forEach(stores::add));
        assertThat(stores).hasSize(4).containsOnly(stores.get(0));
        assertThat(upstreams).as("through both instances").allSatisfy(list ->
                assertThat(list).anyMatch(s -> s.startsWith(user.name() + " ")));
        assertThat(redis.command("GET", "postern:affinity:mailstores:" + user.name()))
                .isEqualTo(stores.get(0).substring(user.name().length() + 1));
    }

    @Test
    void aKickClosesTheUsersSessionsOnEveryInstance() throws Exception {
        MailUser user = servers.user(4);
        ScriptClient first = login("127.0.0.6", user);
        ScriptClient second = login("127.0.0.6", user);
        assertThat(sessionsFrom(0, "127.0.0.6")).as("one session on each instance").isEqualTo(1);

        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin[0]
                + "/admin/kick?user=" + user.name())).header("Authorization", "Bearer wrong-token-wrong-token")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
        first.run("C: a2 NOOP\nS: a2 OK.*");

        HttpResponse<String> kicked = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin[0]
                + "/admin/kick?user=" + user.name())).header("Authorization", "Bearer " + adminToken)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(kicked.statusCode()).isEqualTo(200);
        assertThat(kicked.body()).isEqualTo("kicked \"" + user.name() + "\" on 2 instance(s)\n");
        first.run("S: <closed>"); // raw relays: closed without a word (see docs/deployment.md)
        second.run("S: <closed>");
        assertThat(metrics(0) + metrics(1)).containsPattern("postern_sessions_closed_total\\{[^}]*reason=\"kicked\"");
    }

    @Test
    void loginsGoOnWithRedisKilledAndSharingResumesWhenItReturns() throws Exception {
        MailUser user = servers.user(5);
        redis.kill();
        await("both instances saw Redis go", () -> metrics(0).contains("postern_redis_up 0.0")
                && metrics(1).contains("postern_redis_up 0.0"));
        login("127.0.0.7", user).run("C: a2 NOOP\nS: a2 OK.*");
        login("127.0.0.7", user).run("C: a2 NOOP\nS: a2 OK.*");
        assertThat(sessionsFrom(0, "127.0.0.7")).as("one login on each instance").isEqualTo(1);
        assertThat(metrics(0) + metrics(1)).contains("postern_redis_fallback_total{feature=\"limits\"}");
        closeClients();

        redis.restart();
        await("both instances back on Redis", () -> metrics(0).contains("postern_redis_up 1.0")
                && metrics(1).contains("postern_redis_up 1.0"));
        for (int i = 0; i < 2; i++) {
            connect("127.0.0.8").run("S: \\* OK .*\nC: a1 LOGIN " + user.name() + " guess-" + i + "\nS: a1 NO .*");
        }
        await("both instances' failures counted in Redis again", () -> {
            try {
                return "2".equals(redis.command("HGET", "postern:throttle:ip:127.0.0.8", "count"));
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }
}
