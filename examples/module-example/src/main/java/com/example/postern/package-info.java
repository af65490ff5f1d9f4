/**
 * A complete Postern module: {@link com.example.postern.ExampleModule} registers an
 * authenticator (users with hashed passwords), an IMAP filter (protected mailboxes) and a
 * session listener (a log line per session).
 */
package com.example.postern;
