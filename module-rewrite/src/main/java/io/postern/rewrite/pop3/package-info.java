/** The POP3 filter ({@link io.postern.rewrite.pop3.Pop3RewriteFilter}): deny rules, CAPA editing, regex rewriting. */
package io.postern.rewrite.pop3;
