package io.postern.testing.upstreams;

import java.io.IOException;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * Starts one {@link MailServers} pair per test class ({@link RealServers#start}) and keeps it
 * in the class's {@link ExtensionContext.Store}, which closes it after the class's last test
 * whether the tests passed or not. When a test fails, the servers' logs are kept and where
 * they are is added to the failure (as a suppressed exception, so the report shows it) and
 * printed. Used through {@link RealMailServers}.
 */
public final class RealServersExtension implements BeforeAllCallback, ParameterResolver,
        TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealServersExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        servers(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == MailServers.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        try {
            return servers(context);
        } catch (IOException e) {
            throw new ParameterResolutionException("real mail servers did not start", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ParameterResolutionException("interrupted while starting real mail servers", e);
        }
    }

    /**
     * The class's servers, started on first use: a PER_CLASS test instance is constructed
     * (and asks for them) before {@link #beforeAll} runs.
     */
    private static synchronized MailServers servers(ExtensionContext context) throws IOException, InterruptedException {
        ExtensionContext.Store store = classContext(context).getStore(NAMESPACE);
        MailServers servers = store.get(MailServers.class, MailServers.class);
        if (servers == null) {
            boolean tls = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), RealMailServers.class)
                    .map(RealMailServers::tls).orElse(false);
            servers = RealServers.start(tls);
            // The store closes AutoCloseable values when the class is done (JUnit 5.13 on; the
            // older Store.CloseableResource is deprecated), even when a test or an @AfterAll failed.
            store.put(MailServers.class, servers);
        }
        return servers;
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw withLogs(context, throwable);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw withLogs(context, throwable);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw withLogs(context, throwable);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw withLogs(context, throwable);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw withLogs(context, throwable);
    }

    private static Throwable withLogs(ExtensionContext context, Throwable throwable) {
        MailServers servers = context.getStore(NAMESPACE).get(MailServers.class, MailServers.class);
        if (servers == null || throwable instanceof TestAbortedException) {
            return throwable;
        }
        String where;
        try {
            where = servers.keepLogs();
        } catch (RuntimeException e) {
            where = "(the logs could not be kept: " + e + ")";
        }
        String message = "real mail servers (" + servers.engine() + "): logs kept in " + where;
        System.err.println(context.getDisplayName() + " failed; " + message);
        throwable.addSuppressed(new ServerLogs(message));
        return throwable;
    }

    /** Carries where the logs are into the test report; it has no stack trace of its own. */
    private static final class ServerLogs extends Exception {
        ServerLogs(String message) {
            super(message, null, false, false);
        }
    }
}
