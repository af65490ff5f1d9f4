/**
 * Loads Postern's HOCON configuration with nginx's mail directive names, applies nginx's
 * inheritance from the {@code mail} block to each server, and reports every problem with
 * its file and line.
 *
 * <p>Entry points: {@link io.postern.config.ConfigLoader#parse} (syntax, includes,
 * substitutions and process settings, before modules are loaded), then
 * {@link io.postern.config.ConfigLoader#validate} (directives, once the core and the modules
 * have registered theirs in a {@link io.postern.config.DirectiveRegistry}, see
 * {@link io.postern.config.CoreDirectives}). The result is a {@link io.postern.config.PosternConfig}.
 */
package io.postern.config;
