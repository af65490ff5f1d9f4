/**
 * Brute-force protection: {@link io.postern.auth.throttle.ThrottleFeature} (directives
 * {@code auth_throttle*}, on by default) counts failed logins per client address and per login
 * from the client's network ({@code ThrottleKeys}) in a {@link io.postern.auth.throttle.ThrottleStore},
 * delays and then refuses further attempts; a login is never counted across networks, so nobody
 * can lock a user out from elsewhere.
 */
package io.postern.auth.throttle;
