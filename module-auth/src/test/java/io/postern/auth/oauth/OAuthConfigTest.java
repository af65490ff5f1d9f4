package io.postern.auth.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.postern.auth.AuthModule;
import io.postern.module.LoadedModule;
import io.postern.module.ModuleDescriptor;
import io.postern.spi.SpiVersion;
import io.postern.testing.PosternFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OAuthConfigTest {

    @TempDir
    Path dir;

    @Test
    void refusesAUrlThatIsNotHttpNamingTheDirectiveAndWhereItIsSet() {
        Exception e = assertThrows(Exception.class, () -> PosternFixture.start(dir, """
                mail {
                  servers { imap { protocol = imap, listen = "127.0.0.1:0" } }
                  imap_auth = [xoauth2]
                  auth_oauth_jwks = "ftp://idp.test/jwks"
                }
                """, LoadedModule.inProcess(new AuthModule(), new ModuleDescriptor("auth", "test",
                SpiVersion.current(), "test"))).close());
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertThat(messages.toString()).contains("auth_oauth_jwks: \"ftp://idp.test/jwks\" (expected: an http:// or "
                + "https:// URL) in ").containsPattern("postern\\.conf:\\d+");
    }
}
