package io.postern.sasl;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A SASL mechanism Postern can take from a client, with its config and wire names, declared
 * in nginx's (and freenginx's) order of advertisement.
 */
public enum SaslMechanism {
    PLAIN("plain", "PLAIN"),
    LOGIN("login", "LOGIN"),
    CRAM_MD5("cram-md5", "CRAM-MD5"),
    EXTERNAL("external", "EXTERNAL"),
    /** Google's bearer-token mechanism (freenginx). */
    XOAUTH2("xoauth2", "XOAUTH2"),
    /** RFC 7628's bearer-token mechanism (freenginx). */
    OAUTHBEARER("oauthbearer", "OAUTHBEARER");

    private final String configName;
    private final String wireName;

    SaslMechanism(String configName, String wireName) {
        this.configName = configName;
        this.wireName = wireName;
    }

    /** The name in configuration, as in nginx's {@code imap_auth}: {@code cram-md5}. */
    public String configName() {
        return configName;
    }

    /** The name on the wire, in {@code AUTH=} capabilities and commands: {@code CRAM-MD5}. */
    public String wireName() {
        return wireName;
    }

    /** The mechanism with this config name (exact, lower-case), if any. */
    public static Optional<SaslMechanism> fromConfigName(String name) {
        Objects.requireNonNull(name, "name");
        for (SaslMechanism mechanism : values()) {
            if (mechanism.configName.equals(name)) {
                return Optional.of(mechanism);
            }
        }
        return Optional.empty();
    }

    /** The mechanism with this wire name, ignoring case as SASL does, if any. */
    public static Optional<SaslMechanism> fromWireName(String name) {
        Objects.requireNonNull(name, "name");
        String upper = name.toUpperCase(Locale.ROOT);
        for (SaslMechanism mechanism : values()) {
            if (mechanism.wireName.equals(upper)) {
                return Optional.of(mechanism);
            }
        }
        return Optional.empty();
    }
}
