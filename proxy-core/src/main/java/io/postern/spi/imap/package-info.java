/**
 * IMAP as post-login filters see it: commands and responses parsed into immutable values.
 * See {@link io.postern.spi.imap.ImapFilter}.
 */
package io.postern.spi.imap;
