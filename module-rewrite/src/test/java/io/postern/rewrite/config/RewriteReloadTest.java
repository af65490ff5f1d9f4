package io.postern.rewrite.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postern.rewrite.RewriteModule;
import io.postern.rewrite.testkit.FakeModuleContext;
import io.postern.rewrite.testkit.TestConfig;
import org.junit.jupiter.api.Test;

/** A reload reads the rules again into new factories; a broken rule refuses it. */
class RewriteReloadTest {

    private static final String NO_IDLE = """
            mail {
              rewrite { imap.deny { no-idle { commands = [IDLE] } } }
              servers { imap { protocol = imap, listen = "127.0.0.1:143" } }
            }
            """;
    private static final String NO_RULES = """
            mail {
              servers { imap { protocol = imap, listen = "127.0.0.1:143" } }
            }
            """;

    private final RewriteModule module = new RewriteModule();

    @Test
    void registersTheFiltersOfTheReloadedRulesOnly() throws Exception {
        FakeModuleContext running = new FakeModuleContext(TestConfig.parse(NO_RULES));
        module.configure(running);
        assertThat(running.imap).isEmpty();

        FakeModuleContext reloaded = new FakeModuleContext(TestConfig.parse(NO_IDLE));
        assertThat(module.reconfigure(reloaded)).isPresent();

        assertThat(reloaded.imap).containsOnlyKeys(RewriteModule.FILTER);
        assertThat(running.imap).isEmpty();
    }

    @Test
    void refusesAReloadWithABrokenRule() {
        FakeModuleContext reloaded = new FakeModuleContext(TestConfig.parse(
                NO_IDLE.replace("commands = [IDLE]", "commandz = [IDLE]")));

        assertThatThrownBy(() -> module.reconfigure(reloaded)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("commandz");
    }
}
