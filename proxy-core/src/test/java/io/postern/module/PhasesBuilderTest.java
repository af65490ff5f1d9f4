package io.postern.module;

import io.postern.testing.HoconServerConfig;
import static io.postern.module.ModuleTestSupport.MAIL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postern.spi.AuthDecision;
import io.postern.spi.Authenticator;
import io.postern.spi.ModuleContext;
import io.postern.spi.PosternModule;
import io.postern.spi.SessionListener;
import io.postern.spi.UpstreamDecision;
import io.postern.spi.UpstreamSelector;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class PhasesBuilderTest {

    private static final Authenticator AUTH = r -> CompletableFuture.completedFuture(AuthDecision.declined());
    private static final UpstreamSelector UPSTREAM = r -> CompletableFuture.completedFuture(UpstreamDecision.declined());
    private static final SessionListener LOG = new SessionListener() { };

    private final PhasesBuilder builder = new PhasesBuilder();

    private static LoadedModule module(String name, PosternModule module) {
        return LoadedModule.inProcess(module, new ModuleDescriptor(name, "1.0", "1.0", "test"));
    }

    /** Configures a module that registers authenticators under the given names. */
    private void authenticators(String module, String... names) {
        builder.configure(module(module, context -> {
            for (String name : names) {
                context.addAuthenticator(name, AUTH);
            }
        }), MAIL, List.of(MAIL), Path.of("conf"));
    }

    private static List<String> names(List<? extends Named<?>> handlers) {
        return handlers.stream().map(Named::name).toList();
    }

    @Test
    void handsTheModuleItsSettings() {
        HoconServerConfig imap = new HoconServerConfig("imap", io.postern.spi.Protocol.IMAP,
                com.typesafe.config.ConfigFactory.empty());

        ModuleContext context = builder.contextFor(module("auth", c -> { }), MAIL, List.of(imap), Path.of("/etc/postern"));

        assertThat(context.moduleName()).isEqualTo("auth");
        assertThat(context.mail()).isSameAs(MAIL);
        assertThat(context.servers()).containsExactly(imap);
        assertThat(context.configDirectory()).isEqualTo(Path.of("/etc/postern"));
    }

    @Test
    void ordersUnnamedHandlersByModuleNameThenRegistrationOrder() {
        authenticators("zeta", "z2", "z1");
        authenticators("alpha", "a2", "a1");

        Phases phases = builder.build(Map.of());

        assertThat(names(phases.authenticators())).containsExactly("a2", "a1", "z2", "z1");
        assertThat(phases.authenticators()).extracting(Named::module).containsExactly("alpha", "alpha", "zeta", "zeta");
    }

    @Test
    void putsConfiguredOrderFirst() {
        authenticators("alpha", "a1", "a2");
        authenticators("beta", "b1", "b2");

        Phases phases = builder.build(Map.of("auth", List.of("b2", "a2")));

        assertThat(names(phases.authenticators())).containsExactly("b2", "a2", "a1", "b1");
    }

    @Test
    void ordersEachPhaseByItsOwnKey() {
        builder.configure(module("mixed", context -> {
            context.addUpstreamSelector("static", UPSTREAM);
            context.addUpstreamSelector("hash", UPSTREAM);
            context.addSessionListener("access", LOG);
            context.addSessionListener("audit", LOG);
        }), MAIL, List.of(), Path.of("conf"));

        Phases phases = builder.build(Map.of("upstream", List.of("hash"), "log", List.of("audit", "access")));

        assertThat(names(phases.upstreamSelectors())).containsExactly("hash", "static");
        assertThat(names(phases.sessionListeners())).containsExactly("audit", "access");
        assertThat(phases.authenticators()).isEmpty();
    }

    @Test
    void ordersFilterFactoriesOfEachProtocolByTheirOwnPhaseKey() {
        builder.configure(module("b", context -> {
            context.addImapFilter("b-imap", session -> Optional.empty());
            context.addPop3Filter("b-pop3", session -> Optional.empty());
        }), MAIL, List.of(), Path.of("."));
        builder.configure(module("a", context -> context.addImapFilter("a-imap", session -> Optional.empty())),
                MAIL, List.of(), Path.of("."));

        Phases phases = builder.build(Map.of("imap_filter", List.of("b-imap")));

        assertThat(phases.imapFilters()).extracting(Named::name).containsExactly("b-imap", "a-imap");
        assertThat(phases.pop3Filters()).extracting(Named::name).containsExactly("b-pop3");
        assertThat(phases.smtpFilters()).isEmpty();
    }

    @Test
    void refusesOrderNamingUnregisteredHandler() {
        authenticators("alpha", "a1");
        authenticators("beta", "b1");

        assertThatThrownBy(() -> builder.build(Map.of("auth", List.of("b1", "x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("phases.auth: no handler named \"x\" (registered: a1, b1)");
    }

    @Test
    void refusesOrderNamingHandlerOfAnotherPhase() {
        builder.configure(module("alpha", c -> c.addSessionListener("access", LOG)), MAIL, List.of(), Path.of("."));

        assertThatThrownBy(() -> builder.build(Map.of("auth", List.of("access"))))
                .hasMessage("phases.auth: no handler named \"access\" (registered: none)");
    }

    @Test
    void refusesOrderListingHandlerTwice() {
        authenticators("alpha", "a1");

        assertThatThrownBy(() -> builder.build(Map.of("auth", List.of("a1", "a1"))))
                .hasMessage("phases.auth: handler \"a1\" listed twice");
    }

    @Test
    void refusesUnknownPhase() {
        assertThatThrownBy(() -> builder.build(Map.of("filter", List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("phases.filter: unknown phase (expected: auth, upstream, log, imap_filter, pop3_filter, smtp_filter)");
    }

    @Test
    void refusesDuplicateHandlerNameNamingBothModules() {
        authenticators("alpha", "users");

        assertThatThrownBy(() -> authenticators("beta", "users"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auth: handler \"users\" of module \"beta\" has the name of a handler of module \"alpha\"");
    }

    @Test
    void allowsTheSameNameInDifferentPhases() {
        builder.configure(module("alpha", context -> {
            context.addAuthenticator("users", AUTH);
            context.addUpstreamSelector("users", UPSTREAM);
            context.addSessionListener("users", LOG);
        }), MAIL, List.of(), Path.of("."));

        Phases phases = builder.build(Map.of());

        assertThat(List.of(phases.authenticators(), phases.upstreamSelectors(), phases.sessionListeners()))
                .allSatisfy(handlers -> assertThat(names(handlers)).containsExactly("users"));
    }

    @Test
    void refusesNullNamesAndHandlersNamingTheParameter() {
        ModuleContext context = builder.contextFor(module("alpha", c -> { }), MAIL, List.of(), Path.of("."));

        assertThatThrownBy(() -> context.addAuthenticator(null, AUTH)).isInstanceOf(NullPointerException.class)
                .hasMessage("name");
        assertThatThrownBy(() -> context.addAuthenticator("a", null)).hasMessage("authenticator");
        assertThatThrownBy(() -> context.addUpstreamSelector("u", null)).hasMessage("selector");
        assertThatThrownBy(() -> context.addSessionListener("l", null)).hasMessage("listener");
    }

    @Test
    void refusesRegistrationAfterBuild() {
        ModuleContext context = builder.contextFor(module("alpha", c -> { }), MAIL, List.of(), Path.of("."));
        builder.build(Map.of());

        List<Consumer<ModuleContext>> registrations = List.of(c -> c.addAuthenticator("a", AUTH),
                c -> c.addUpstreamSelector("u", UPSTREAM), c -> c.addSessionListener("l", LOG));
        assertThat(registrations).allSatisfy(registration ->
                assertThatThrownBy(() -> registration.accept(context))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessage("handlers can only be registered while the module is configured"));
        assertThatThrownBy(() -> builder.contextFor(module("beta", c -> { }), MAIL, List.of(), Path.of(".")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> builder.build(Map.of())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesRegistrationAfterConfigureReturned() {
        AtomicReference<ModuleContext> kept = new AtomicReference<>();
        builder.configure(module("alpha", kept::set), MAIL, List.of(), Path.of("."));

        assertThatThrownBy(() -> kept.get().addAuthenticator("late", AUTH))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("handlers can only be registered while the module is configured");
    }

    @Test
    void configureErrorNamesTheModule() {
        LoadedModule module = module("alpha", c -> {
            throw new IllegalArgumentException("alpha_timeout: -1s (expected: > 0)");
        });

        assertThatThrownBy(() -> builder.configure(module, MAIL, List.of(), Path.of(".")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("module alpha 1.0 (test): alpha_timeout: -1s (expected: > 0)");
    }

    @Test
    void configureRunsWithTheModulesContextLoader() {
        AtomicReference<ClassLoader> seen = new AtomicReference<>();
        LoadedModule module = module("alpha", c -> seen.set(Thread.currentThread().getContextClassLoader()));
        ClassLoader before = Thread.currentThread().getContextClassLoader();

        builder.configure(module, MAIL, List.of(), Path.of("."));

        assertThat(seen.get()).isSameAs(module.loader());
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
    }

    @Test
    void builtPhasesAreImmutable() {
        authenticators("alpha", "a1");
        Phases phases = builder.build(Map.of());

        assertThatThrownBy(() -> phases.authenticators().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void ordersTheSamePhasesTheConfigReaderAccepts() {
        assertThat(Phase.keys()).isEqualTo(String.join(", ", io.postern.config.ProcessSettings.PHASES));
    }
}
