/**
 * A users file for small installations: {@link io.postern.auth.users.UsersFeature} (directive
 * {@code auth_users}), the file's format in {@link io.postern.auth.users.UsersFile}, the hash
 * schemes in {@link io.postern.auth.users.PasswordHash}, and
 * {@link io.postern.auth.users.PasswdTool}, which prints a line for a new user. Unknown logins
 * are checked against a dummy hash of the file's usual cost ({@code DummyHash}), so that timing
 * does not reveal who has an account.
 */
package io.postern.auth.users;
