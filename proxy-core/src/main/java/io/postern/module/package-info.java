/**
 * Finds Postern modules on the class path and in {@code modules/*.jar} (one isolating class
 * loader per jar) and orders the handlers they register into phases.
 *
 * <p>Entry points: {@link io.postern.module.ModuleLoader#load} discovers the modules,
 * {@link io.postern.module.PhasesBuilder} configures them and freezes their handlers into
 * {@link io.postern.module.Phases}, and {@link io.postern.module.ModuleReport} renders the
 * start-up log lines.
 */
package io.postern.module;
