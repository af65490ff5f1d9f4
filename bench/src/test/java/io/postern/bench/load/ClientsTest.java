package io.postern.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import io.postern.bench.target.TlsFiles;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

class ClientsTest {

    @Test
    void tlsClientsOfferOnlyThePinnedProtocolAndSuite() {
        try (Clients clients = new Clients(1)) {
            SSLEngine engine = clients.tls().newEngine(ByteBufAllocator.DEFAULT);
            try {
                assertThat(engine.getUseClientMode()).isTrue();
                assertThat(engine.getEnabledProtocols()).containsExactly(TlsFiles.PROTOCOL);
                assertThat(engine.getEnabledCipherSuites()).containsExactly(TlsFiles.SUITE);
            } finally {
                ReferenceCountUtil.release(engine);
            }
        }
    }
}
