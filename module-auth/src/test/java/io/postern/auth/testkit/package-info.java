/**
 * Test doubles for module-auth's features: {@link io.postern.auth.testkit.FakeServerConfig}
 * (the module's defaults plus HOCON), {@link io.postern.auth.testkit.FakeSession},
 * {@link io.postern.auth.testkit.FakeModuleContext}, {@link io.postern.auth.testkit.MutableClock}
 * and {@link io.postern.auth.testkit.LogCapture}.
 */
package io.postern.auth.testkit;
