/**
 * Which of a {@code proxy_pass} pool's servers a session tries first: round robin, a consistent
 * hash of the login ({@link io.postern.balance.ConsistentHash}, nginx stream's ketama ring), and
 * the affinity remembered in {@code mail.redis}; the entry point is {@link io.postern.balance.PoolBalancer}.
 */
package io.postern.balance;
