package io.postern.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postern.spi.Directive;
import io.postern.spi.DirectiveType;
import io.postern.spi.ServerConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@link DirectiveType#BLOCK} directive: any structure, inherited whole, read with its origins through raw(). */
class BlockDirectiveTest {

    @TempDir
    Path dir;

    private static DirectiveRegistry registry() {
        DirectiveRegistry registry = ConfigFixture.coreRegistry();
        registry.register("rewrite", Directive.of("rewrite", DirectiveType.BLOCK));
        return registry;
    }

    private static final String CONFIG = """
            mail {
              rewrite {
                imap { deny { inbox { commands = [DELETE], mailbox = INBOX } } }
              }
              servers {
                imap  { protocol = imap, listen = "127.0.0.1:143" }
                imap2 {
                  protocol = imap, listen = "127.0.0.1:1143"
                  rewrite { smtp.max_recipients = 10 }
                }
              }
            }
            """;

    @Test
    void acceptsAnyStructureAndKeepsItsOrigins() throws Exception {
        ConfigFixture fixture = new ConfigFixture(dir);
        PosternConfig config = fixture.load(CONFIG, registry());

        ServerConfig inherited = config.servers().get(0).directives();
        ServerConfig own = config.servers().get(1).directives();
        assertThat(inherited.raw().getStringList("rewrite.imap.deny.inbox.commands")).containsExactly("DELETE");
        assertThat(inherited.raw().getValue("rewrite.imap.deny.inbox.mailbox").origin().lineNumber()).isEqualTo(3);
        assertThat(inherited.origin("rewrite")).isEqualTo(config.mail().origin("rewrite"));
        assertThat(own.raw().getInt("rewrite.smtp.max_recipients")).isEqualTo(10);
        assertThat(own.raw().hasPath("rewrite.imap")).isFalse();
        assertThat(own.origin("rewrite")).endsWith("postern.conf:9");
        assertThatThrownBy(() -> own.object("rewrite")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAValueThatIsNotABlock() {
        ConfigFixture fixture = new ConfigFixture(dir);
        assertThatThrownBy(() -> fixture.load("mail { rewrite = on, servers.imap.listen = 143 }", registry()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(fixture.path("postern.conf") + ":1: mail.rewrite: \"on\" (expected: a block { ... })");
    }

    @Test
    void rendersHoconThatLoadsBackToTheSameSettings() throws Exception {
        ConfigFixture fixture = new ConfigFixture(dir);
        PosternConfig first = fixture.load(CONFIG, registry());
        Path again = fixture.write("rendered/postern.conf", first.render());
        PosternConfig second = ConfigLoader.validate(ConfigLoader.parse(again, dir), registry(), ConfigFixture.ALL);

        assertThat(second.servers()).isEqualTo(first.servers());
        assertThat(second.mail()).isEqualTo(first.mail());
    }
}
