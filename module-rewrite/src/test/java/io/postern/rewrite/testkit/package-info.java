/**
 * Test doubles for calling module-rewrite's filters without the core: a config read as the
 * core presents it ({@link io.postern.rewrite.testkit.TestConfig}), sessions, a module
 * context, and IMAP lines to and from the SPI's records ({@link io.postern.rewrite.testkit.ImapText}).
 */
package io.postern.rewrite.testkit;
