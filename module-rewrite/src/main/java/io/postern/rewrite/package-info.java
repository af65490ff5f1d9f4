/**
 * module-rewrite, the POST-LOGIN phase's rules: {@link io.postern.rewrite.RewriteModule} reads
 * the {@code rewrite { }} blocks and registers a filter per protocol; the rules themselves
 * live in {@code imap}, {@code pop3} and {@code smtp}, the settings reader in {@code config}.
 */
package io.postern.rewrite;
