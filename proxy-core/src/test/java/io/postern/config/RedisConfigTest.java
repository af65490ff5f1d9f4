package io.postern.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mail.redis}: read once at mail level, each mistake reported at its own line, the password never. */
class RedisConfigTest {

    @TempDir
    Path dir;

    ConfigFixture fixture;
    String file;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
        file = fixture.path("postern.conf");
    }

    private String errorsOf(String text) {
        return assertThrows(ConfigException.class, () -> fixture.load(text)).getMessage();
    }

    @Test
    void readsEverySettingWithItsDefaults() throws Exception {
        PosternConfig config = fixture.load("mail.redis { uri = \"redis://10.0.0.5:6380/2\" }\n");
        assertThat(config.redis()).contains(new RedisSettings("redis://10.0.0.5:6380/2", false, Optional.empty(),
                Optional.empty(), Duration.ofMillis(200), Duration.ofSeconds(1), "postern:"));
        PosternConfig full = fixture.load("""
                mail.redis {
                  uri = "redis-sentinel://10.0.0.5:26379,10.0.0.6:26379/0#mail"
                  user = postern
                  password = "s3cr3t"
                  timeout = 50ms
                  connect_timeout = 2s
                  key_prefix = "site-a:"
                }
                """);
        assertThat(full.redis()).contains(new RedisSettings("redis-sentinel://10.0.0.5:26379,10.0.0.6:26379/0#mail",
                false, Optional.of("postern"), Optional.of("s3cr3t"), Duration.ofMillis(50), Duration.ofSeconds(2),
                "site-a:"));
        assertThat(fixture.load("mail.servers.imap.listen = 143\n").redis()).isEmpty();
    }

    @Test
    void reportsEachMistakeAtItsLine() {
        assertThat(errorsOf("mail {\n  redis {\n    timeout = 1s\n  }\n}\n"))
                .isEqualTo(file + ":2: mail.redis: no \"uri\" defined (expected: such as \"redis://127.0.0.1:6379/0\")");
        assertThat(errorsOf("mail.redis {\n  uri = \"http://10.0.0.5\"\n}\n"))
                .startsWith(file + ":2: mail.redis.uri: \"http://10.0.0.5\" (expected: redis://host:port/db");
        assertThat(errorsOf("mail.redis {\n  uri = \"redis://10.0.0.5\"\n  timeout = 0\n}\n"))
                .isEqualTo(file + ":3: mail.redis.timeout: 0 (expected: > 0)");
        assertThat(errorsOf("mail.redis {\n  uri = \"redis://10.0.0.5\"\n  timeout = soon\n}\n"))
                .isEqualTo(file + ":3: mail.redis.timeout: \"soon\" (expected: a duration such as 500ms, 60s, 5m, 24h)");
        assertThat(errorsOf("mail.redis {\n  uri = \"redis://10.0.0.5\"\n  cluster = maybe\n}\n"))
                .isEqualTo(file + ":3: mail.redis.cluster: \"maybe\" (expected: on or off)");
        assertThat(errorsOf("mail.redis {\n  uri = \"redis://10.0.0.5\"\n  tiemout = 1s\n}\n"))
                .isEqualTo(file + ":3: mail.redis: unknown setting \"tiemout\" (expected: uri, cluster, user, password,"
                        + " timeout, connect_timeout, key_prefix, ssl_trusted_certificate)");
        assertThat(errorsOf("mail.redis {\n  uri = \"rediss://10.0.0.5\"\n  ssl_trusted_certificate = ca.pem\n}\n"))
                .isEqualTo(file + ":3: mail.redis.ssl_trusted_certificate: \"ca.pem\" (expected: a readable PEM file of"
                        + " CA certificates; " + fixture.path("ca.pem") + " is not)");
        assertThat(errorsOf("mail.redis {\n  uri = \"redis-sentinel://10.0.0.5:26379/0#m\"\n  cluster = on\n}\n"))
                .startsWith(file + ":2: mail.redis.uri: \"redis-sentinel://10.0.0.5:26379/0#m\" (expected: a cluster node");
        assertThat(errorsOf("mail.redis {\n  uri = \"redis://10.0.0.5\"\n  user = postern\n}\n"))
                .isEqualTo(file + ":3: mail.redis.user: \"postern\" (expected: a password beside it; an ACL user always has one)");
        assertThat(errorsOf("mail.redis = \"redis://10.0.0.5\"\n"))
                .isEqualTo(file + ":1: mail.redis: \"redis://10.0.0.5\" (expected: a block such as"
                        + " { uri = \"redis://127.0.0.1:6379/0\" })");
    }

    @Test
    void sharedConnectionCountsNeedARedis() throws Exception {
        assertThat(errorsOf("mail.servers.imap {\n  listen = 143\n  limit_conn_store = redis\n}\n"))
                .isEqualTo(file + ":3: mail.servers.imap.limit_conn_store: \"redis\" (expected: local, or a mail.redis"
                        + " block naming the Redis to share the counts through)");
        assertThat(errorsOf("mail.servers.imap {\n  listen = 143\n  limit_conn_store = cluster\n}\n"))
                .isEqualTo(file + ":3: mail.servers.imap.limit_conn_store: \"cluster\" (expected: one of local, redis)");
        PosternConfig shared = fixture.load("mail {\n  redis.uri = \"redis://10.0.0.5\"\n  limit_conn_store = redis\n"
                + "  servers.imap.listen = 143\n}\n");
        assertThat(shared.servers().get(0).limits().shared()).isTrue();
        assertThat(fixture.load("mail.servers.imap.listen = 143\n").servers().get(0).limits().shared()).isFalse();
    }

    @Test
    void readsAPoolsConsistentHashAndItsAffinity() throws Exception {
        PosternConfig config = fixture.load("""
                mail {
                  redis.uri = "redis://10.0.0.5"
                  upstreams.store { servers = ["10.0.0.1:143", "10.0.0.2:143"], hash = "$login consistent", affinity_time = 15m }
                  upstreams.plain { servers = ["10.0.0.1:143"] }
                }
                """);
        assertThat(config.upstreams().get("store").hashLogin()).isTrue();
        assertThat(config.upstreams().get("store").affinityTime()).contains(Duration.ofMinutes(15));
        assertThat(config.upstreams().get("plain").hashLogin()).isFalse();
        assertThat(config.render()).contains("store { servers = [\"10.0.0.1:143\", \"10.0.0.2:143\"],"
                + " hash = \"$login consistent\", affinity_time = 15m }");
        assertThat(errorsOf("mail.upstreams.store {\n  servers = [\"10.0.0.1:143\"]\n  hash = \"$remote_addr\"\n}\n"))
                .isEqualTo(file + ":3: mail.upstreams.store.hash: \"$remote_addr\" (expected: \"$login consistent\","
                        + " nginx stream's consistent hash with the login as the key)");
        assertThat(errorsOf("mail.upstreams.store {\n  servers = [\"10.0.0.1:143\"]\n  hash = \"$login consistent\"\n"
                + "  affinity_time = 15m\n}\n"))
                .isEqualTo(file + ":4: mail.upstreams.store.affinity_time: \"15m\" (expected: beside hash ="
                        + " \"$login consistent\", with a mail.redis block to remember the servers in)");
    }

    @Test
    void resolvesTheTrustedAuthoritiesAgainstTheConfigDirectory() throws Exception {
        fixture.write("certs/redis-ca.pem", "-----BEGIN CERTIFICATE-----\n");
        PosternConfig config = fixture.load("mail.redis {\n  uri = \"rediss://10.0.0.5\"\n"
                + "  ssl_trusted_certificate = certs/redis-ca.pem\n}\n");
        assertThat(config.redis().orElseThrow().trustedCertificate())
                .contains(Path.of(fixture.path("certs/redis-ca.pem")));
        assertThat(config.render()).contains("ssl_trusted_certificate = \"" + fixture.path("certs/redis-ca.pem") + "\"");
    }

    @Test
    void isAMailLevelBlockOnly() {
        assertThat(errorsOf("mail.servers.imap {\n  listen = 143\n  redis { uri = \"redis://10.0.0.5\" }\n}\n"))
                .isEqualTo(file + ":3: mail.servers.imap: unknown directive \"redis\"");
    }

    @Test
    void neverRepeatsThePassword() {
        String uriError = errorsOf("mail.redis {\n  uri = \"redis://postern:hunter2@10.0.0.5:6379/0x\"\n}\n");
        assertThat(uriError).contains("mail.redis.uri").doesNotContain("hunter2");
        String passwordError = errorsOf("mail.redis {\n  uri = \"redis://10.0.0.5\"\n  password = [hunter2]\n}\n");
        assertThat(passwordError).isEqualTo(file + ":3: mail.redis.password: (expected: a string)");
        RedisSettings settings = new RedisSettings("redis://postern:hunter2@10.0.0.5/0", false,
                Optional.of("postern"), Optional.of("hunter2"), Duration.ofMillis(200), Duration.ofSeconds(1), "p:");
        assertThat(settings.toString()).doesNotContain("hunter2");
        assertThat(settings.safeUri()).isEqualTo("redis://postern:***@10.0.0.5/0");
        assertThat(new RedisSettings("redis://hunter2@10.0.0.5/0", false, Optional.empty(), Optional.empty(),
                Duration.ofMillis(200), Duration.ofSeconds(1), "p:").safeUri()).isEqualTo("redis://***@10.0.0.5/0");
    }

    @Test
    void rendersABlockThatLoadsBackTheSame() throws Exception {
        PosternConfig first = fixture.load("""
                mail.redis {
                  uri = "rediss://10.0.0.5:6379/1"
                  cluster = on
                  timeout = 150ms
                }
                mail.servers.imap.listen = 143
                """);
        String rendered = first.render();
        assertThat(rendered).contains("  redis {\n    uri = \"rediss://10.0.0.5:6379/1\"\n    cluster = on\n");
        PosternConfig again = new ConfigFixture(dir.resolve("again")).load(rendered);
        assertThat(again.redis()).isEqualTo(first.redis());
    }
}
