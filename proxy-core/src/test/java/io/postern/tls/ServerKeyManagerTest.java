package io.postern.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.testing.TestPki;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerKeyManagerTest {

    @TempDir
    Path dir;

    private TestPki.Issued rsaA;
    private TestPki.Issued rsaWildcard;
    private TestPki.Issued ec;
    private ServerKeyManager manager;

    @BeforeEach
    void setUp() throws Exception {
        TestPki pki = TestPki.create(dir, "keys");
        rsaA = pki.server("a.test");
        rsaWildcard = pki.server("*.b.test");
        ec = pki.serverEc("a.test");
        manager = new ServerKeyManager(List.of(pair("pair-0", rsaA), pair("pair-1", rsaWildcard), pair("pair-2", ec)));
    }

    private static ServerKeyManager.Pair pair(String alias, TestPki.Issued issued) {
        return ServerKeyManager.Pair.of(alias, issued.key(), new java.security.cert.X509Certificate[] {issued.certificate()});
    }

    @Test
    void choosesByKeyTypeTheSameAliasInEveryHandshake() {
        for (int handshake = 0; handshake < 3; handshake++) {
            assertThat(manager.choose("RSA", null)).isEqualTo("pair-0");
            assertThat(manager.choose("EC", null)).isEqualTo("pair-2");
        }
        assertThat(manager.getPrivateKey("pair-2")).isEqualTo(ec.key());
        assertThat(manager.getCertificateChain("pair-1")).containsExactly(rsaWildcard.certificate());
        assertThat(manager.getServerAliases("RSA", null)).containsExactly("pair-0", "pair-1");
    }

    @Test
    void theSignersKeyCountsWhenTheKeyTypeNamesIt() {
        // the test CA signs with RSA
        assertThat(manager.choose("EC_RSA", null)).isEqualTo("pair-2");
        assertThat(manager.choose("EC_EC", null)).isNull();
        assertThat(manager.choose("RSASSA-PSS", null)).isNull();
        assertThat(manager.choose("DH_RSA", null)).isNull();
        assertThat(manager.getServerAliases("DH_RSA", null)).isNull();
    }

    @Test
    void theSniNameChoosesAmongPairsOfTheKeyType() {
        assertThat(manager.choose("RSA", "x.b.test")).isEqualTo("pair-1");
        assertThat(manager.choose("RSA", "a.test")).isEqualTo("pair-0");
        // a wildcard covers one label only; an unknown name gets the first pair, nginx's default
        assertThat(manager.choose("RSA", "y.x.b.test")).isEqualTo("pair-0");
        assertThat(manager.choose("RSA", "other.test")).isEqualTo("pair-0");
        assertThat(manager.choose("EC", "x.b.test")).isEqualTo("pair-2");
    }

    @Test
    void aCertificateOutsideItsValidityIsNotValid() {
        ServerKeyManager.Pair pair = pair("pair-0", rsaA);
        assertThat(pair.valid(new Date())).isTrue();
        assertThat(pair.valid(new Date(rsaA.certificate().getNotAfter().getTime() + 1000))).isFalse();
        assertThat(pair.names()).contains("a.test");
    }

    @Test
    void presentsNoClientCertificate() {
        assertThat(manager.chooseEngineClientAlias(new String[] {"RSA"}, null, null)).isNull();
        assertThat(manager.getPrivateKey("pair-9")).isNull();
        assertThat(manager.choose(null, null)).isNull();
    }
}
