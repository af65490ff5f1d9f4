package io.postern.module;

import io.postern.testing.HoconServerConfig;
import io.postern.spi.AuthDecision;
import io.postern.spi.AuthRequest;
import io.postern.spi.Authenticator;
import io.postern.spi.Credentials;
import io.postern.spi.SessionInfo;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Shared steps of the module tests: configuring loaded modules and asking their authenticators. */
final class ModuleTestSupport {

    static final HoconServerConfig MAIL = HoconServerConfig.mail("greeting = hello");

    /**
     * A module body whose authenticator answers whether the class named by the login is
     * visible from the module's own code: {@code rejected("visible")} or {@code rejected("not visible")}.
     */
    static final String PROBE = """
            context.addAuthenticator("probe-" + context.moduleName(), request -> {
                String answer;
                try {
                    Class.forName(request.credentials().user());
                    answer = "visible";
                } catch (ClassNotFoundException e) {
                    answer = "not visible";
                }
                return CompletableFuture.completedFuture(AuthDecision.rejected(answer));
            });""";

    private ModuleTestSupport() {
    }

    static Phases configure(List<LoadedModule> modules) {
        PhasesBuilder builder = new PhasesBuilder();
        modules.forEach(m -> builder.configure(m, MAIL, List.of(MAIL), Path.of("conf")));
        return builder.build(Map.of());
    }

    static AuthDecision authenticate(Authenticator authenticator, String user) throws Exception {
        AuthRequest request = new AuthRequest(session(), new Credentials.Plain(user, "secret"), 1);
        return authenticator.authenticate(request).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** The message of a {@code rejected(...)} answer, the probe modules' way of reporting. */
    static String answer(Authenticator authenticator, String user) throws Exception {
        AuthDecision decision = authenticate(authenticator, user);
        return ((AuthDecision.Rejected) decision).message();
    }

    static Authenticator authenticator(Phases phases, String name) {
        return phases.authenticators().stream().filter(h -> h.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no authenticator " + name + " in " + phases)).handler();
    }

    /** A session nobody looks at: these tests' handlers read only the credentials. */
    private static SessionInfo session() {
        return (SessionInfo) Proxy.newProxyInstance(SessionInfo.class.getClassLoader(),
                new Class<?>[] {SessionInfo.class}, (proxy, method, args) -> {
                    throw new UnsupportedOperationException("SessionInfo." + method.getName());
                });
    }

    static void closeAll(List<LoadedModule> modules) {
        modules.forEach(LoadedModule::close);
    }
}
