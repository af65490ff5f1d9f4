/**
 * End-to-end tests through Postern to real Dovecot and Postfix servers
 * ({@link io.postern.testing.upstreams.RealMailServers}), with real clients: Angus Mail and
 * Python's imaplib, poplib and smtplib. {@link io.postern.realservers.PosternInFront} starts
 * Postern with an IMAP, a POP3 and an SMTP server routed to the real ones.
 */
package io.postern.realservers;
