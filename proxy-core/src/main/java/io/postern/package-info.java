/**
 * Postern's composition root: {@link io.postern.Postern} reads the configuration, loads and
 * configures the modules and starts the engine.
 */
package io.postern;
