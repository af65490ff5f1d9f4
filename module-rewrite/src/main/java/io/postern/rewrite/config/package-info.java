/**
 * Reading and checking the {@code rewrite { }} directive of the mail level and the servers
 * into one {@link io.postern.rewrite.config.RewriteSettings} per server
 * ({@link io.postern.rewrite.config.RewriteReader}); every mistake is reported with its file,
 * line, key and what was expected.
 */
package io.postern.rewrite.config;
