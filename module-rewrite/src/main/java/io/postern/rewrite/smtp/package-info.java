/**
 * The SMTP filter ({@link io.postern.rewrite.smtp.SmtpRewriteFilter}): deny rules, address
 * rewriting of MAIL FROM and RCPT TO, the recipient limit, EHLO keyword editing, regex rewriting.
 */
package io.postern.rewrite.smtp;
