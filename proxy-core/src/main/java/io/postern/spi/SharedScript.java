package io.postern.spi;

import java.util.Objects;

/**
 * A Lua script run by {@link SharedStore#eval}: atomic on the Redis server, so that several
 * Postern instances never interleave inside one read-modify-write. Keep one instance per script
 * (a constant): the store sends the script's text once and its SHA-1 digest afterwards. Added in
 * SPI 1.4.
 *
 * <p>A script touches only the keys it is given, and with Redis Cluster all of them must hash to
 * one slot: give it one key, or keys that share a {@code {hash tag}}.
 *
 * @param name for log lines and errors ({@code "throttle-increment"})
 * @param lua the script; it returns a table of integers and strings
 */
public record SharedScript(String name, String lua) {

    public SharedScript {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lua, "lua");
        if (lua.isBlank()) {
            throw new IllegalArgumentException("lua: empty (expected: a Lua script)");
        }
    }
}
