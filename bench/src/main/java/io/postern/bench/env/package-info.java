/**
 * What every target shares: the upstream mail servers ({@link io.postern.bench.env.Upstreams}),
 * the auth_http server ({@link io.postern.bench.env.AuthHttpServer}), the benchmark's users and
 * the messages seeded into their mailboxes.
 */
package io.postern.bench.env;
