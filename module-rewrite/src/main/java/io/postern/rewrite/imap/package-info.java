/**
 * The IMAP filter ({@link io.postern.rewrite.imap.ImapRewriteFilter}): mailbox name mapping and
 * namespace translation (with modified UTF-7 and UTF8=ACCEPT), deny rules, capability editing
 * and regex rewriting of textual parts.
 */
package io.postern.rewrite.imap;
