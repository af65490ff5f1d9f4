package io.postern.module;

import io.postern.spi.Reconfiguration;
import java.util.Objects;

/**
 * One module's prepared part of a reload: committed once every module prepared and the new
 * listeners are bound, or abandoned; after the commit, retired once the sessions of the
 * previous configuration have all ended.
 */
public sealed interface ModuleReload {

    /** The module as it serves after the commit. */
    LoadedModule module();

    void commit();

    void abandon();

    void retire();

    /** The module prepared itself ({@link io.postern.spi.PosternModule#reconfigure} returned a step). */
    record InPlace(LoadedModule module, Reconfiguration step) implements ModuleReload {
        public InPlace {
            Objects.requireNonNull(module, "module");
            Objects.requireNonNull(step, "step");
        }

        @Override
        public void commit() {
            module.runLogged("commit of the reload", step::commit);
        }

        @Override
        public void abandon() {
            module.runLogged("abandoning the reload", step::abandon);
        }

        @Override
        public void retire() {
            module.runLogged("retiring the previous configuration", step::retired);
        }
    }

    /**
     * The default: a fresh instance, configured and started, replaces the running one, which is
     * closed (its class loader kept) when the sessions that may still call it have ended.
     */
    record Replaced(LoadedModule previous, LoadedModule module) implements ModuleReload {
        public Replaced {
            Objects.requireNonNull(previous, "previous");
            Objects.requireNonNull(module, "module");
        }

        @Override
        public void commit() {
            // Configured and started while prepared; the caller makes it the module.
        }

        @Override
        public void abandon() {
            module.closeInstance();
        }

        @Override
        public void retire() {
            previous.closeInstance();
        }
    }
}
