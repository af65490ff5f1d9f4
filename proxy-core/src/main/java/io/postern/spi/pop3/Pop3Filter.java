package io.postern.spi.pop3;

import io.postern.spi.filter.PostLoginFilter;

/**
 * A post-login filter of a POP3 session. Each answer is paired with its command, so a
 * filter sees which command an answer belongs to from the order (POP3 answers in order).
 * Multi-line answers of {@code CAPA}, {@code LIST} and {@code UIDL} without argument reach
 * the filter with their lines (dot-stuffing undone; re-done when a replacement is sent); the
 * bodies of {@code RETR} and {@code TOP} are streamed.
 */
public interface Pop3Filter extends PostLoginFilter<Pop3Command, Pop3Response> {
}
