package io.postern.log.audit;

import com.typesafe.config.ConfigFactory;
import io.postern.spi.Protocol;
import io.postern.spi.ServerConfig;
import io.postern.spi.SessionInfo;
import io.postern.spi.UpstreamAddress;
import io.postern.testing.HoconServerConfig;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** A session's trail whose events are kept in a list, on a clock that moves only when told. */
final class AuditHarness {

    static final Instant START = Instant.parse("2026-03-04T05:06:07.000Z");

    /** A clock that stands still until {@link #advance}. */
    static final class TestClock extends Clock {
        private Instant now = START;

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /** A logged-in session as filters see it. */
    record FakeSession(String id, ServerConfig server, Protocol protocol, Optional<String> login,
                       Map<String, String> authAttributes) implements SessionInfo {

        static FakeSession of(Protocol protocol, String login) {
            return new FakeSession("0000002a", new HoconServerConfig(protocol.configName(), protocol,
                    ConfigFactory.empty()), protocol, Optional.of(login), Map.of());
        }

        FakeSession withAttributes(Map<String, String> attributes) {
            return new FakeSession(id, server, protocol, login, attributes);
        }

        @Override
        public InetSocketAddress clientAddress() {
            return new InetSocketAddress("192.0.2.7", 50312);
        }

        @Override
        public InetSocketAddress localAddress() {
            return new InetSocketAddress("127.0.0.1", 143);
        }

        @Override
        public boolean secure() {
            return false;
        }

        @Override
        public Instant startTime() {
            return START;
        }

        @Override
        public Optional<UpstreamAddress> upstream() {
            return Optional.of(new UpstreamAddress("127.0.0.1", 3143));
        }
    }

    final TestClock clock = new TestClock();
    final List<AuditEvent> events = new ArrayList<>();
    final List<String> verbsCounted = new ArrayList<>();
    final AuditTrail trail;

    AuditHarness(Protocol protocol, String login) {
        trail = new AuditTrail(AuditedSession.of(FakeSession.of(protocol, login)), events::add, verbsCounted::add,
                clock);
    }

    /** Every event in {@code format}, one line each. */
    List<String> lines(AuditFormat format) {
        return events.stream().map(format::format).toList();
    }

    /** Everything written, in both formats, as one text to search. */
    String everything() {
        return events.stream().map(e -> AuditFormat.MAIN.format(e) + "\n" + AuditFormat.JSON.format(e))
                .collect(Collectors.joining("\n"));
    }

    /** The part of each main-format line after the session's fields: {@code "INBOX" C a1 …}. */
    List<String> tails() {
        return lines(AuditFormat.MAIN).stream().map(l -> l.substring(l.indexOf("0000002a\" ") + 10)).toList();
    }
}
