package io.postern.cli;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unix signals, nginx's: SIGTERM, SIGINT, SIGUSR2 (Postern's SIGQUIT), SIGUSR1, SIGHUP.
 * The JDK's only way to handle one is {@code sun.misc.Signal} (module jdk.unsupported), used
 * reflectively so that a JVM without it still runs Postern, without the signal.
 */
final class Signals {

    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

    /** Runs {@code action} on each delivery of {@code SIG<name>}; logs and goes on when it cannot. */
    static void handle(String name, Runnable action) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance(name);
            InvocationHandler invocation = (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                    action.run();
                    return null;
                }
                return method.invoke(action, args); // toString, hashCode, equals
            };
            Object handler = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerClass},
                    invocation);
            signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
        } catch (ReflectiveOperationException | RuntimeException e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException t ? t.getCause() : e;
            LOG.warn("cannot handle SIG{} on this JVM ({})", name, cause.toString());
        }
    }

    /** Sends {@code SIG<name>} to {@code pid} with kill(1), the JDK having no call for it. */
    static boolean send(String name, long pid) {
        try {
            return new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
