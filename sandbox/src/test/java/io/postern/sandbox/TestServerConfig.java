package io.postern.sandbox;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueType;
import io.postern.spi.Protocol;
import io.postern.spi.ServerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link ServerConfig} for the mail level, read from a HOCON snippet over the sandbox's own
 * {@code reference.conf}, as the core will present it. Only what the sandbox reads is
 * implemented.
 */
final class TestServerConfig implements ServerConfig {

    private final String name;
    private final Config mail;

    private TestServerConfig(String name, Config mail) {
        this.name = name;
        this.mail = mail;
    }

    /**
     * A server block named {@code name} with its own settings {@code hocon} over the mail
     * block's {@code mailHocon}, as nginx's inheritance merges them.
     */
    static TestServerConfig server(String name, String hocon, String mailHocon) {
        final Config own = ConfigFactory.parseString(hocon,
                ConfigParseOptions.defaults().setOriginDescription("postern.conf"));
        return new TestServerConfig(name, own.withFallback(mail(mailHocon).raw()));
    }

    /** {@code hocon} is the content of the mail block, e.g. {@code "sandbox = on"}. */
    static TestServerConfig mail(String hocon) {
        return mail(hocon, TestServerConfig.class.getClassLoader());
    }

    /** Same, with the defaults from the {@code reference.conf} that {@code loader} sees. */
    static TestServerConfig mail(String hocon, ClassLoader loader) {
        final Config file = ConfigFactory.parseString("mail {\n" + hocon + "\n}",
                ConfigParseOptions.defaults().setOriginDescription("postern.conf"));
        final Config reference = ConfigFactory.parseResources(loader, "reference.conf");
        return new TestServerConfig("mail", file.withFallback(reference).resolve().getConfig("mail"));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Protocol protocol() {
        return Protocol.IMAP;
    }

    @Override
    public boolean has(String directive) {
        return mail.hasPath(directive);
    }

    @Override
    public String string(String directive) {
        return mail.getString(directive);
    }

    @Override
    public Optional<String> optionalString(String directive) {
        return has(directive) ? Optional.of(string(directive)) : Optional.empty();
    }

    @Override
    public List<String> strings(String directive) {
        return mail.getValue(directive).valueType() == ConfigValueType.LIST
                ? mail.getStringList(directive)
                : List.of(mail.getString(directive));
    }

    @Override
    public boolean flag(String directive) {
        return mail.getBoolean(directive);
    }

    @Override
    public Duration duration(String directive) {
        return mail.getDuration(directive);
    }

    @Override
    public long size(String directive) {
        return mail.getBytes(directive);
    }

    @Override
    public long integer(String directive) {
        return mail.getLong(directive);
    }

    @Override
    public Map<String, String> object(String directive) {
        throw new UnsupportedOperationException("not used by the sandbox");
    }

    @Override
    public Config raw() {
        return mail;
    }

    @Override
    public String origin(String directive) {
        final var origin = mail.getValue(directive).origin();
        // As the core answers: file:line for a value from the file, "default" for reference.conf's.
        return origin.description().startsWith("postern.conf") ? "postern.conf:" + origin.lineNumber() : "default";
    }
}
