/**
 * module-auth, the AUTH phase's handlers: {@link io.postern.auth.AuthModule} and its features.
 */
package io.postern.auth;
