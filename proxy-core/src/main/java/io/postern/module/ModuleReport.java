package io.postern.module;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The start-up log lines that tell an operator which modules run and what each added, one
 * line per module:
 * {@code module auth 0.1.0 (modules/module-auth-0.1.0.jar): auth [auth_http, users], upstream [], log []}.
 */
public final class ModuleReport {

    private ModuleReport() {
    }

    /** One line per module, in the order given. */
    public static List<String> lines(List<LoadedModule> modules, Phases phases) {
        Objects.requireNonNull(modules, "modules");
        Objects.requireNonNull(phases, "phases");
        return modules.stream().map(m -> line(m, phases)).toList();
    }

    /** The line of one module. */
    public static String line(LoadedModule module, Phases phases) {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(phases, "phases");
        ModuleDescriptor d = module.descriptor();
        // The three pre-login phases always show, so "none" is visible; a filter phase only
        // when the module has handlers in it, to keep the line short.
        String handlers = Arrays.stream(Phase.values())
                .filter(p -> p.ordinal() <= Phase.LOG.ordinal() || !phases.namesOf(d.name(), p).isEmpty())
                .map(p -> p.key() + " [" + String.join(", ", phases.namesOf(d.name(), p)) + "]")
                .collect(Collectors.joining(", "));
        return "module " + d.name() + " " + d.version() + " (" + d.source() + "): " + handlers;
    }
}
