/** POP3 as post-login filters see it. See {@link io.postern.spi.pop3.Pop3Filter}. */
package io.postern.spi.pop3;
