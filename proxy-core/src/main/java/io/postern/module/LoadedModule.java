package io.postern.module;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.postern.spi.Directive;
import io.postern.spi.PosternModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A module found by {@link ModuleLoader} (or added {@linkplain #inProcess in process}): its
 * descriptor, its instance and the class loader its classes come from. Closing it closes the
 * module and then the class loader when the loader belongs to it (jar modules).
 */
public final class LoadedModule implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LoadedModule.class);
    private static final String REFERENCE = "reference.conf";

    private final ModuleDescriptor descriptor;
    private final PosternModule module;
    private final ClassLoader loader;
    private final AtomicBoolean closed = new AtomicBoolean();

    LoadedModule(ModuleDescriptor descriptor, PosternModule module, ClassLoader loader) {
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.module = Objects.requireNonNull(module, "module");
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    /**
     * A module that is already instantiated, for tests and for embedding Postern in another
     * application. Its {@link #reference()} comes from the jar or directory of its class.
     */
    public static LoadedModule inProcess(PosternModule module, ModuleDescriptor descriptor) {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(descriptor, "descriptor");
        ClassLoader loader = module.getClass().getClassLoader();
        return new LoadedModule(descriptor, module, loader != null ? loader : ClassLoader.getPlatformClassLoader());
    }

    public ModuleDescriptor descriptor() {
        return descriptor;
    }

    /** The module's name, from its descriptor. */
    public String name() {
        return descriptor.name();
    }

    public PosternModule module() {
        return module;
    }

    /** The loader that defined the module's classes. */
    public ClassLoader loader() {
        return loader;
    }

    /**
     * The module's directives, asked with its loader as the context loader.
     *
     * @throws ModuleLoadException naming the module, its jar and the cause, whatever the
     *     module threw (the stack trace is logged at debug level)
     */
    public List<Directive> directives() throws ModuleLoadException {
        ClassLoader previous = enter();
        try {
            return List.copyOf(module.directives());
        } catch (Throwable e) {
            throw failed("directives()", e);
        } finally {
            leave(previous);
        }
    }

    /**
     * Starts the module, with its loader as the context loader.
     *
     * @throws ModuleStartException naming the module, its jar and the cause, whatever the
     *     module threw (the stack trace is logged at debug level)
     */
    public void start() throws ModuleStartException {
        ClassLoader previous = enter();
        try {
            module.start();
        } catch (Throwable e) {
            throw new ModuleStartException(failure("start()", e), e);
        } finally {
            leave(previous);
        }
    }

    /** Asks the module to reopen its files, with its loader as the context loader. */
    public void reopen() throws Exception {
        ClassLoader previous = enter();
        try {
            module.reopen();
        } finally {
            leave(previous);
        }
    }

    /**
     * A new instance of the module's class, created as {@link java.util.ServiceLoader} created
     * the first (its public no-argument constructor), sharing this one's descriptor and loader:
     * the default {@linkplain PosternModule#reconfigure reload} of a module.
     *
     * @throws ModuleLoadException when the class has no such constructor or it throws
     */
    public LoadedModule freshInstance() throws ModuleLoadException {
        ClassLoader previous = enter();
        try {
            PosternModule fresh = module.getClass().getConstructor().newInstance();
            return new LoadedModule(descriptor, fresh, loader);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new ModuleLoadException(List.of(failure("a new instance for the reload", e)
                    + " (expected: a public no-argument constructor, or a reconfigure() of its own)"), List.of(e));
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw failed("a new instance for the reload", e.getCause());
        } catch (Throwable e) {
            throw failed("a new instance for the reload", e);
        } finally {
            leave(previous);
        }
    }

    /**
     * Closes this instance of the module but not its class loader, which the instance that
     * replaced it on a reload goes on using. Never throws; a failure is logged.
     */
    public void closeInstance() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            ContextLoader.run(loader, module::close);
        } catch (RuntimeException | LinkageError e) {
            log.warn("module {} ({}): close failed", descriptor.name(), descriptor.source(), e);
        }
    }

    /**
     * Runs module code with the module's loader as the context loader; a Throwable (short of
     * the JVM's own errors) is logged as what the module failed {@code doing}, never thrown.
     */
    public void runLogged(String doing, Runnable action) {
        ClassLoader previous = enter();
        try {
            action.run();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            log.error("{}", failure(doing, e));
        } finally {
            leave(previous);
        }
    }

    /**
     * The one line that tells what the module was doing when it threw {@code error}: its name,
     * its jar, and the cause's class and message (a static initializer's own cause included).
     * The stack trace goes to the debug log only.
     */
    public String failure(String doing, Throwable error) {
        String line = "module \"" + descriptor.name() + "\" (" + descriptor.source() + "): " + doing + " failed: "
                + Failures.describe(error);
        log.debug("{}", line, error);
        return line;
    }

    /** {@link #failure} as the exception that stops start-up. */
    public ModuleLoadException failed(String doing, Throwable error) {
        return new ModuleLoadException(List.of(failure(doing, error)), List.of(error));
    }

    private ClassLoader enter() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        return previous;
    }

    private static void leave(ClassLoader previous) {
        Thread.currentThread().setContextClassLoader(previous);
    }

    /**
     * The defaults the module ships in its own {@code reference.conf}, if it has one. Only the
     * module's own jar or directory is read, never another module's file of the same name.
     *
     * @throws com.typesafe.config.ConfigException when the file is not valid HOCON
     * @throws UncheckedIOException when the module's jar cannot be read
     */
    public Optional<Config> reference() {
        URL url = referenceUrl();
        if (url == null) {
            return Optional.empty();
        }
        // The loader is passed explicitly: Typesafe Config would otherwise resolve
        // include classpath(...) through the thread's context loader.
        ConfigParseOptions options = ConfigParseOptions.defaults().setAllowMissing(false).setClassLoader(loader);
        return Optional.of(ConfigFactory.parseURL(CodeSources.uncached(url), options));
    }

    private URL referenceUrl() {
        if (loader instanceof ModuleClassLoader own) {
            return own.findResource(REFERENCE);
        }
        Optional<Path> location = CodeSources.locationOf(module.getClass());
        if (location.isEmpty()) {
            return null;
        }
        try {
            return CodeSources.entry(location.get(), REFERENCE);
        } catch (IOException e) {
            throw new UncheckedIOException(descriptor.source() + ": cannot read " + REFERENCE, e);
        }
    }

    /**
     * Closes the module, then its class loader if this module owns it. Never throws: a module
     * that fails to close must not stop the others from closing, so failures are logged.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            ContextLoader.run(loader, module::close);
        } catch (RuntimeException | LinkageError e) {
            log.warn("module {} ({}): close failed", descriptor.name(), descriptor.source(), e);
        }
        closeOwnLoader();
    }

    void closeOwnLoader() {
        if (loader instanceof ModuleClassLoader own) {
            try {
                own.close();
            } catch (IOException e) {
                log.warn("module {} ({}): closing its class loader failed", descriptor.name(), descriptor.source(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "module " + descriptor.name() + " " + descriptor.version() + " (" + descriptor.source() + ")";
    }
}
