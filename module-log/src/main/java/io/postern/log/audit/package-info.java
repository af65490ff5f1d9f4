/**
 * The audit log and the command counts: POST-LOGIN filters that only observe.
 * {@link io.postern.log.audit.AuditFilters} opens one filter per audited or counted session
 * ({@code ImapAudit}, {@code Pop3Audit}, {@code SmtpAudit}), which turns commands and results
 * into redacted {@link io.postern.log.audit.AuditEvent}s for the audit log's writer and counts
 * verbs; {@link io.postern.log.audit.AuditSettings} reads {@code audit_log} and its narrowing
 * directives, {@link io.postern.log.audit.AuditFormat} writes the lines.
 */
package io.postern.log.audit;
