/**
 * The load generator: IMAP ({@link io.postern.bench.load.ImapConnection}, plain or with TLS),
 * POP3 ({@link io.postern.bench.load.Pop3Connection}) and SMTP
 * ({@link io.postern.bench.load.SmtpConnection}) clients on Netty event loops
 * ({@link io.postern.bench.load.Clients}), driven as closed loops
 * ({@link io.postern.bench.load.ClosedLoop}) whose iterations chain on futures, so that no
 * event loop ever waits.
 */
package io.postern.bench.load;
