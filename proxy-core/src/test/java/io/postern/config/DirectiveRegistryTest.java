package io.postern.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.postern.spi.Directive;
import io.postern.spi.DirectiveType;
import org.junit.jupiter.api.Test;

class DirectiveRegistryTest {

    @Test
    void refusesADirectiveRegisteredTwiceNamingBothOwners() {
        DirectiveRegistry registry = ConfigFixture.coreRegistry();
        assertThatThrownBy(() -> registry.register("auth", Directive.of("timeout", DirectiveType.DURATION)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("directive \"timeout\" of \"auth\" is already registered by \"core\"");
    }

    @Test
    void refusesDefaultsForAnotherOwnersDirective() {
        DirectiveRegistry registry = ConfigFixture.coreRegistry();
        registry.register("auth", Directive.of("auth_http", DirectiveType.STRING));
        assertThatThrownBy(() -> registry.addDefaults("auth", ConfigFactory.parseString("mail { timeout = 5s }")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the defaults of \"auth\" set mail.timeout, which is not a directive of \"auth\"");
        assertThatThrownBy(() -> registry.addDefaults("auth", ConfigFactory.parseString("mail { auth_htp = x }")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesADefaultOfTheWrongForm() {
        DirectiveRegistry registry = new DirectiveRegistry();
        registry.register("log", Directive.of("log_buffer", DirectiveType.SIZE));
        assertThatThrownBy(() -> registry.addDefaults("log", ConfigFactory.parseString("mail { log_buffer = lots }")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mail.log_buffer: \"lots\" (expected: a size such as 512, 4k, 1m)");
    }

    @Test
    void refusesNamesThatAreBlocksOfTheMailLevel() {
        assertThatThrownBy(() -> new DirectiveRegistry().register("x", Directive.of("servers", DirectiveType.OBJECT)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void registersTheCoreDirectivesWithTheirDefaults() {
        DirectiveRegistry registry = ConfigFixture.coreRegistry();
        assertThat(registry.directives()).extracting(Directive::name).contains("listen", "protocol", "timeout", "proxy", "proxy_pass");
        assertThat(registry.owner("imap_auth")).isEqualTo("core");
        assertThat(registry.directive("listen")).hasValueSatisfying(d -> assertThat(d.serverOnly()).isTrue());
        assertThat(registry.defaults()).containsKeys("timeout", "proxy_timeout", "imap_greeting", "proxy")
                .doesNotContainKeys("server_name", "listen", "protocol", "proxy_pass");
    }

    @Test
    void suggestsOnlyNearbyNames() {
        DirectiveRegistry registry = ConfigFixture.coreRegistry();
        assertThat(registry.suggest("proxy_timout")).contains("proxy_timeout");
        assertThat(registry.suggest("imap_greting")).contains("imap_greeting");
        assertThat(registry.suggest("worker_connections")).isEmpty();
    }
}
