package io.postern.tls;

import io.postern.spi.AuthDecision;
import io.postern.testing.PosternFixture;
import io.postern.testing.StaticAuthModule;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Postern in a process of its own, for {@link JvmTlsTest}: the directives the JDK reads once per
 * process only take effect in a JVM whose TLS has not started yet. Runs the configuration
 * named by its argument, prints {@code PORT <n>}, and stops at a line on its standard input.
 */
public final class JvmTlsProbe {

    private JvmTlsProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[0]);
        try (PosternFixture postern = PosternFixture.start(config.getParent(), Files.readString(config),
                StaticAuthModule.of(r -> StaticAuthModule.answer(AuthDecision.declined())))) {
            System.out.println("PORT " + postern.address().getPort());
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
        }
    }
}
