/**
 * What rules of every protocol share: whom a rule is for ({@link io.postern.rewrite.rule.Audience},
 * {@link io.postern.rewrite.rule.Who}), capability editing and regular-expression rewriting.
 */
package io.postern.rewrite.rule;
