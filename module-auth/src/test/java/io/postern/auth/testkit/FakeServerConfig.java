package io.postern.auth.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.postern.spi.Protocol;
import io.postern.testing.HoconServerConfig;

/** Server blocks over module-auth's own defaults (its reference.conf), as the core would merge them. */
public final class FakeServerConfig {

    private FakeServerConfig() {
    }

    /** Server {@code name} (IMAP) with {@code hocon} over module-auth's defaults. */
    public static HoconServerConfig of(String name, String hocon) {
        Config defaults = ConfigFactory.parseResources(FakeServerConfig.class.getClassLoader(), "reference.conf")
                .getConfig("mail");
        return new HoconServerConfig(name, Protocol.IMAP, HoconServerConfig.parse(hocon).withFallback(defaults).resolve());
    }

    /** An IMAP server named {@code imap}. */
    public static HoconServerConfig of(String hocon) {
        return of("imap", hocon);
    }
}
