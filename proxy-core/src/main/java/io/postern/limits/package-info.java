/**
 * The CONNECT phase's rules, without any networking: {@code access} rules
 * ({@link io.postern.limits.AccessRules}), and the process-wide connection counts and rates that
 * the connection limits are checked against ({@link io.postern.limits.ConnectionLimits}, whose
 * answer is an {@link io.postern.limits.Admission}). One server block's limits are a
 * {@link io.postern.limits.LimitSettings}; {@link io.postern.limits.OpenFiles} relates the
 * process-wide limit to the open-files limit.
 */
package io.postern.limits;
