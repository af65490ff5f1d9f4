package io.postern.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.UpstreamAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class UpstreamConnectorTest {

    @Test
    void anIpLiteralSkipsTheResolverAndANameGoesToIt() {
        InetSocketAddress v4 = UpstreamConnector.address(new UpstreamAddress("192.0.2.7", 143));
        InetSocketAddress v6 = UpstreamConnector.address(new UpstreamAddress("2001:db8::1", 993));
        InetSocketAddress name = UpstreamConnector.address(new UpstreamAddress("mail.example.com", 143));

        assertThat(v4.isUnresolved()).isFalse();
        assertThat(v4.getAddress().getHostAddress()).isEqualTo("192.0.2.7");
        assertThat(v4.getPort()).isEqualTo(143);
        assertThat(v6.isUnresolved()).isFalse();
        assertThat(v6.getAddress().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(name.isUnresolved()).isTrue();
        assertThat(name.getHostString()).isEqualTo("mail.example.com");
    }
}
