package io.postern.imap.relay;

/**
 * The client announced a synchronizing literal small enough to gather into its command: it
 * waits for a continuation request, which Postern sends itself (the upstream's is absorbed
 * when the whole command goes out).
 */
enum LiteralRequest {
    INSTANCE
}
