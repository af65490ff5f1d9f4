/**
 * Brute-force protection: {@link io.postern.auth.throttle.ThrottleFeature} (directives
 * {@code auth_throttle*}) counts failed logins per client IP and per login in a
 * {@link io.postern.auth.throttle.ThrottleStore}, delays and then refuses further attempts.
 */
package io.postern.auth.throttle;
