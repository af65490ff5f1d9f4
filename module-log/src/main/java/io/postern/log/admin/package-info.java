/**
 * Operators' actions over HTTP ({@code admin_listen}, {@code admin_token}): {@link io.postern.log.admin.AdminServer},
 * which kicks a user's sessions on every instance.
 */
package io.postern.log.admin;
