/**
 * Tests of the sandbox module: settings, the authenticator's decisions, the embedded server
 * (unit tests), and the packaged jar in a module class loader of its own
 * ({@link io.postern.sandbox.SandboxJarIT}, run by failsafe after packaging).
 */
package io.postern.sandbox;
