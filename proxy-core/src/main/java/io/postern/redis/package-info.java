/**
 * The Redis that several Postern instances share ({@code mail.redis}): {@link io.postern.redis.RedisStore},
 * the core's one Lettuce client, offered to modules as the SPI's {@link io.postern.spi.SharedStore},
 * and its failure policy (fall back to local state, warn, count, resume).
 *
 * <p>Why in the core: the connection limits use it, every module shares one connection, and
 * Lettuce runs on the core's Netty. Modules are isolated from the core's class path, so they
 * reach Redis only through the SPI's types, which name no Lettuce class.
 */
package io.postern.redis;
