/** SMTP as post-login filters see it. See {@link io.postern.spi.smtp.SmtpFilter}. */
package io.postern.spi.smtp;
