package io.postern.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.postern.spi.AuthDecision;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListenersTest {

    @TempDir
    Path dir;

    @Test
    void oneServerListensOnSeveralAddressesIpv4AndIpv6() throws Exception {
        assumeThat(ipv6LoopbackWorks()).as("this machine has an IPv6 loopback").isTrue();
        try (PosternFixture postern = PosternFixture.start(dir, """
                mail {
                  servers {
                    imap { protocol = imap, listen = ["127.0.0.1:0", "[::1]:0"] }
                    other { protocol = imap, listen = "127.0.0.1:0", imap_greeting = "other ready" }
                  }
                }
                """, StaticAuthModule.of(r -> StaticAuthModule.answer(AuthDecision.declined())))) {
            assertThat(postern.server().boundAddresses()).hasSize(3);
            for (int i = 0; i < 2; i++) {
                try (ScriptClient c = new ScriptClient(postern.address(i))) {
                    c.run("S: \\* OK IMAP4 ready");
                }
            }
            assertThat(postern.address(1).getAddress().getHostAddress()).contains(":");
            try (ScriptClient c = new ScriptClient(postern.address(2))) {
                c.run("S: \\* OK other ready");
            }
        }
    }

    @Test
    void refusesToStartWhenAnAddressIsTakenNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> PosternFixture.start(dir, """
                    mail { servers { imap { protocol = imap, listen = ["127.0.0.1:0", "127.0.0.1:%d"] } } }
                    """.formatted(port), StaticAuthModule.of(r -> StaticAuthModule.answer(AuthDecision.declined()))))
                    .isInstanceOf(StartupException.class)
                    .hasMessageStartingWith("bind() to 127.0.0.1:" + port + " failed (")
                    .hasMessageContaining("in use");
        }
    }

    private static boolean ipv6LoopbackWorks() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
