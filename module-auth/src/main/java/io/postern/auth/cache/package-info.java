/**
 * The auth result cache: {@link io.postern.auth.cache.CacheFeature} (directives
 * {@code auth_cache_*}) remembers accepted and refused logins for a while, keyed by a salted
 * hash of the password, never the password.
 */
package io.postern.auth.cache;
