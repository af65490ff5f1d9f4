/**
 * SMTP on the core engine, as nginx's {@code ngx_mail_smtp_handler.c} and the SMTP half of
 * {@code ngx_mail_proxy_module.c}: {@link io.postern.smtp.SmtpProtocol} is the descriptor the
 * engine asks, {@link io.postern.smtp.SmtpPreLoginHandler} the dialogue before login and
 * {@link io.postern.smtp.SmtpUpstreamLogin} the replay to the upstream (EHLO, XCLIENT, the
 * stored envelope of {@code smtp_auth none}, {@code proxy_smtp_auth}).
 */
package io.postern.smtp;
