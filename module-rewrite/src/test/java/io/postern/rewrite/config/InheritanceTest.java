package io.postern.rewrite.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.rewrite.imap.ImapDenyRule;
import io.postern.rewrite.testkit.TestConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mail level's rules, a server's own merged over them by name, or replacing them with inherit = off. */
class InheritanceTest {

    private static Map<String, RewriteSettings> read(String hocon) {
        TestConfig config = TestConfig.parse(hocon);
        Problems problems = new Problems();
        Map<String, RewriteSettings> settings = RewriteReader.read(config.mail(), config.servers(), problems);
        problems.throwIfAny();
        return settings;
    }

    private static List<String> deny(RewriteSettings settings) {
        return settings.imap().deny().stream().map(d -> d.name() + ":" + d.text()).toList();
    }

    @Test
    void mergesAServersBlockOverTheMailLevelsByRuleName() {
        Map<String, RewriteSettings> settings = read("""
                mail {
                  rewrite {
                    group_attribute = role
                    imap.deny {
                      keep-inbox { commands = [DELETE], mailboxes = [INBOX] }
                      no-idle    { commands = [IDLE] }
                    }
                  }
                  servers {
                    plain { protocol = imap, listen = "127.0.0.1:143" }
                    merged {
                      protocol = imap, listen = "127.0.0.1:144"
                      rewrite.imap.deny {
                        keep-inbox { answer = "[CANNOT] Keep it" }
                        no-idle.enabled = off
                        no-x { commands = [XLIST] }
                      }
                    }
                    alone {
                      protocol = imap, listen = "127.0.0.1:145"
                      rewrite { inherit = off, imap.deny.no-x { commands = [XLIST] } }
                    }
                    pop3 { protocol = pop3, listen = "127.0.0.1:110" }
                  }
                }
                """);
        assertThat(deny(settings.get("plain"))).containsExactly("keep-inbox:Not allowed", "no-idle:Not allowed");
        assertThat(deny(settings.get("merged"))).containsExactly("keep-inbox:Keep it", "no-x:Not allowed");
        assertThat(settings.get("merged").groupAttribute()).isEqualTo("role");
        assertThat(settings.get("merged").imap().deny().get(0).mailboxes()).containsExactly("INBOX");
        assertThat(deny(settings.get("alone"))).containsExactly("no-x:Not allowed");
        assertThat(settings.get("alone").groupAttribute()).isEqualTo("group");
        assertThat(settings.get("pop3").pop3().isEmpty()).isTrue();
    }

    @Test
    void givesServersWithoutRulesNone() {
        Map<String, RewriteSettings> settings = read("""
                mail {
                  servers {
                    imap { protocol = imap, listen = "127.0.0.1:143" }
                    own  { protocol = imap, listen = "127.0.0.1:144", rewrite.imap.deny.x.commands = [IDLE] }
                  }
                }
                """);
        assertThat(settings.get("imap")).isEqualTo(RewriteSettings.NONE);
        assertThat(settings.get("own").imap().deny()).extracting(ImapDenyRule::name).containsExactly("x");
    }
}
