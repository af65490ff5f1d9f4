package io.postern.testing;

import io.postern.module.LoadedModule;
import io.postern.module.ModuleDescriptor;
import io.postern.spi.ModuleContext;
import io.postern.spi.PosternModule;
import io.postern.spi.SpiVersion;
import java.util.function.Consumer;

/**
 * An in-process test module that registers whatever {@code configure} registers, typically
 * POST-LOGIN filters: {@code FilterModule.of(c -> c.addPop3Filter("deny", s -> Optional.of(f)))}.
 */
public final class FilterModule implements PosternModule {

    private final Consumer<ModuleContext> configure;

    private FilterModule(Consumer<ModuleContext> configure) {
        this.configure = configure;
    }

    public static LoadedModule of(Consumer<ModuleContext> configure) {
        return LoadedModule.inProcess(new FilterModule(configure),
                new ModuleDescriptor("test-filters", "test", SpiVersion.current(), "test"));
    }

    @Override
    public void configure(ModuleContext context) {
        configure.accept(context);
    }
}
