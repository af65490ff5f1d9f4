/**
 * The sandbox module: an embedded GreenMail server (IMAP, POP3, SMTP) on loopback with demo
 * users, and an authenticator that sends those users to it, so that the shipped
 * {@code postern.conf} runs on a machine with no mail server installed.
 *
 * <p>Entry point: {@link io.postern.sandbox.SandboxModule}, listed in
 * {@code META-INF/services/io.postern.spi.PosternModule}. Its directives and their defaults
 * are in the module's {@code reference.conf}.
 */
package io.postern.sandbox;
