package io.postern.pop3;

import com.typesafe.config.Config;
import io.postern.config.CoreDirectives;
import io.postern.spi.Protocol;
import io.postern.spi.ServerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A server block named {@code pop3} with just the POP3 directives, for settings tests. */
final class StubPop3Config implements ServerConfig {

    private final List<String> auth;
    private final List<String> capabilities;
    private final long clientBuffer;

    StubPop3Config(List<String> auth, List<String> capabilities, long clientBuffer) {
        this.auth = List.copyOf(auth);
        this.capabilities = List.copyOf(capabilities);
        this.clientBuffer = clientBuffer;
    }

    @Override
    public String name() {
        return "pop3";
    }

    @Override
    public Protocol protocol() {
        return Protocol.POP3;
    }

    @Override
    public boolean has(String directive) {
        return directive.startsWith("pop3_");
    }

    @Override
    public List<String> strings(String directive) {
        if (directive.equals(CoreDirectives.POP3_AUTH)) {
            return auth;
        }
        if (directive.equals(CoreDirectives.POP3_CAPABILITIES)) {
            return capabilities;
        }
        throw unknown(directive);
    }

    @Override
    public long size(String directive) {
        if (directive.equals(CoreDirectives.POP3_CLIENT_BUFFER)) {
            return clientBuffer;
        }
        throw unknown(directive);
    }

    @Override
    public String string(String directive) {
        throw unknown(directive);
    }

    @Override
    public Optional<String> optionalString(String directive) {
        throw unknown(directive);
    }

    @Override
    public boolean flag(String directive) {
        throw unknown(directive);
    }

    @Override
    public Duration duration(String directive) {
        throw unknown(directive);
    }

    @Override
    public long integer(String directive) {
        throw unknown(directive);
    }

    @Override
    public Map<String, String> object(String directive) {
        throw unknown(directive);
    }

    @Override
    public Config raw() {
        throw new UnsupportedOperationException("raw");
    }

    @Override
    public String origin(String directive) {
        return "test";
    }

    private static IllegalArgumentException unknown(String directive) {
        return new IllegalArgumentException("directive: " + directive + " (expected: a pop3_ directive)");
    }
}
