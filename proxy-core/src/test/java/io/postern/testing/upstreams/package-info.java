/**
 * Real mail servers for tests: throwaway Dovecot and Postfix instances on free loopback ports,
 * started from Debian's binaries ({@link io.postern.testing.upstreams.DovecotFixture},
 * {@link io.postern.testing.upstreams.PostfixFixture}) or, where those are missing and a
 * Docker engine is reachable, in a Debian container
 * ({@link io.postern.testing.upstreams.ContainerMailServers}).
 *
 * <p>Tests use them through {@link io.postern.testing.upstreams.RealServersExtension}, which
 * starts one {@link io.postern.testing.upstreams.MailServers} pair per test class, skips the
 * class with a message saying what to install when neither way is available, and fails it
 * instead where real servers are required (CI). Shipped in proxy-core's test-jar so every
 * module's tests can use them.
 */
package io.postern.testing.upstreams;
