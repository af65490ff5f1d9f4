package io.postern.testing;

import io.postern.module.LoadedModule;
import io.postern.module.ModuleDescriptor;
import io.postern.spi.ModuleContext;
import io.postern.spi.PosternModule;
import io.postern.spi.SessionListener;
import io.postern.spi.SpiVersion;

/** An in-process test module registering one session listener, to record what the LOG phase hears. */
public final class ListenerModule implements PosternModule {

    private final SessionListener listener;

    private ListenerModule(SessionListener listener) {
        this.listener = listener;
    }

    public static LoadedModule of(SessionListener listener) {
        return LoadedModule.inProcess(new ListenerModule(listener),
                new ModuleDescriptor("recorder", "test", SpiVersion.current(), "test"));
    }

    @Override
    public void configure(ModuleContext context) {
        context.addSessionListener("recorder", listener);
    }
}
