package io.postern.testing;

import io.postern.module.LoadedModule;
import io.postern.module.ModuleDescriptor;
import io.postern.spi.ModuleContext;
import io.postern.spi.PosternModule;
import io.postern.spi.SpiVersion;
import io.postern.spi.imap.ImapFilter;
import java.util.Optional;
import java.util.function.Supplier;

/** An in-process test module whose IMAP filter factory gives each session a filter from {@code filters}. */
public final class ImapFilterModule implements PosternModule {

    private final Supplier<ImapFilter> filters;

    private ImapFilterModule(Supplier<ImapFilter> filters) {
        this.filters = filters;
    }

    /** A module filtering every IMAP session with a fresh filter from {@code filters}. */
    public static LoadedModule of(Supplier<ImapFilter> filters) {
        return LoadedModule.inProcess(new ImapFilterModule(filters),
                new ModuleDescriptor("imap-filter", "test", SpiVersion.current(), "test"));
    }

    @Override
    public void configure(ModuleContext context) {
        context.addImapFilter("test-filter", session -> Optional.of(filters.get()));
    }
}
