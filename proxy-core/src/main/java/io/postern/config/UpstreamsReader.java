package io.postern.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.postern.spi.UpstreamAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.postern.tls.UpstreamTlsMode;

/** Reads {@code mail.upstreams { name { servers = [...], ssl = off | on | starttls } }}. */
final class UpstreamsReader {

    private static final String EXPECTED_ADDRESS = "expected: host:port, with IPv6 in brackets such as [::1]:143";

    /** The one key form of {@code hash}, nginx stream's {@code hash $key consistent} with the login as the key. */
    static final String HASH_LOGIN = "$login consistent";

    private final Problems problems;
    private final boolean redis;

    /** @param redis whether the file has a {@code mail.redis} block, which {@code affinity_time} needs */
    UpstreamsReader(Problems problems, boolean redis) {
        this.problems = problems;
        this.redis = redis;
    }

    /** The pools in file order; a pool with a problem is left out (and the problem recorded). */
    Map<String, UpstreamPool> read(ConfigValue upstreams) {
        Map<String, UpstreamPool> pools = new LinkedHashMap<>();
        if (upstreams == null) {
            return pools;
        }
        if (upstreams.valueType() != ConfigValueType.OBJECT) {
            problems.add(upstreams.origin(), "mail.upstreams: " + NginxValues.quote(upstreams.unwrapped())
                    + " (expected: a block of named pools)");
            return pools;
        }
        for (Map.Entry<String, ConfigValue> e : ConfigOrder.inFileOrder((ConfigObject) upstreams)) {
            UpstreamPool pool = pool(e.getKey(), e.getValue());
            if (pool != null) {
                pools.put(pool.name(), pool);
            }
        }
        return pools;
    }

    private UpstreamPool pool(String name, ConfigValue value) {
        String path = "mail.upstreams." + name;
        if (value.valueType() != ConfigValueType.OBJECT) {
            problems.add(value.origin(), path + ": " + NginxValues.quote(value.unwrapped())
                    + " (expected: a block such as { servers = [\"10.0.0.1:143\"] })");
            return null;
        }
        ConfigObject block = (ConfigObject) value;
        for (Map.Entry<String, ConfigValue> e : block.entrySet()) {
            if (!List.of("servers", "ssl", "hash", "affinity_time").contains(e.getKey())) {
                problems.add(e.getValue().origin(), path + ": unknown setting \"" + e.getKey()
                        + "\" (expected: servers, ssl, hash, affinity_time)");
            }
        }
        ConfigValue servers = block.get("servers");
        if (servers == null) {
            problems.add(value.origin(), path + ": no \"servers\" defined");
            return null;
        }
        List<UpstreamAddress> addresses = addresses(path + ".servers", servers);
        Optional<UpstreamTlsMode> tls = Optional.empty();
        ConfigValue ssl = block.get("ssl");
        if (ssl != null) {
            Object word = ssl.unwrapped();
            tls = UpstreamTlsMode.parse(word instanceof Boolean b ? (b ? "on" : "off") : String.valueOf(word));
            if (tls.isEmpty()) {
                problems.add(ssl.origin(), path + ".ssl: " + NginxValues.quote(ssl.unwrapped()) + " (expected: "
                        + UpstreamTlsMode.expected() + ")");
                return null;
            }
        }
        Optional<Boolean> hash = hash(path, block.get("hash"));
        Optional<Optional<Duration>> affinity = affinity(path, block.get("affinity_time"), hash.orElse(false));
        if (addresses == null || hash.isEmpty() || affinity.isEmpty()) {
            return null;
        }
        return new UpstreamPool(name, addresses, tls, hash.get(), affinity.get());
    }

    /** Whether {@code hash} asks for the login's consistent hash; empty after a problem. */
    private Optional<Boolean> hash(String path, ConfigValue value) {
        if (value == null) {
            return Optional.of(false);
        }
        Object written = value.unwrapped();
        if (written instanceof String s && s.trim().replaceAll("\\s+", " ").equalsIgnoreCase(HASH_LOGIN)) {
            return Optional.of(true);
        }
        problems.add(value.origin(), path + ".hash: " + NginxValues.quote(written) + " (expected: \"" + HASH_LOGIN
                + "\", nginx stream's consistent hash with the login as the key)");
        return Optional.empty();
    }

    /** {@code affinity_time}, checked against {@code hash} and {@code mail.redis}; empty after a problem. */
    private Optional<Optional<Duration>> affinity(String path, ConfigValue value, boolean hash) {
        if (value == null) {
            return Optional.of(Optional.empty());
        }
        Duration time;
        try {
            time = NginxValues.duration(value.unwrapped());
        } catch (IllegalArgumentException e) {
            problems.add(value.origin(), path + ".affinity_time: " + e.getMessage());
            return Optional.empty();
        }
        if (time.isZero()) {
            problems.add(value.origin(), path + ".affinity_time: " + NginxValues.quote(value.unwrapped())
                    + " (expected: > 0)");
            return Optional.empty();
        }
        if (!hash || !redis) {
            problems.add(value.origin(), path + ".affinity_time: " + NginxValues.quote(value.unwrapped())
                    + " (expected: beside hash = \"" + HASH_LOGIN + "\", with a mail.redis block to remember"
                    + " the servers in)");
            return Optional.empty();
        }
        return Optional.of(Optional.of(time));
    }

    private List<UpstreamAddress> addresses(String path, ConfigValue servers) {
        List<String> written;
        try {
            written = NginxValues.stringList(servers.unwrapped());
        } catch (IllegalArgumentException e) {
            problems.add(servers.origin(), path + ": " + e.getMessage());
            return null;
        }
        if (written.isEmpty()) {
            problems.add(servers.origin(), path + ": [] (expected: at least one host:port)");
            return null;
        }
        List<UpstreamAddress> out = new ArrayList<>();
        for (String s : written) {
            try {
                out.add(address(s));
            } catch (IllegalArgumentException e) {
                problems.add(servers.origin(), path + ": " + NginxValues.quote(s) + " (" + EXPECTED_ADDRESS + ")");
            }
        }
        return out.size() == written.size() ? out : null;
    }

    /** {@code host:port} or {@code [v6]:port}; a port is required, as in nginx's stream upstreams. */
    static UpstreamAddress address(String s) {
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf("]:");
            if (close < 0) {
                throw new IllegalArgumentException(s);
            }
            host = s.substring(1, close);
            port = s.substring(close + 2);
        } else {
            int colon = s.lastIndexOf(':');
            if (colon < 0 || s.indexOf(':') != colon) {
                throw new IllegalArgumentException(s);
            }
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
        }
        if (!port.matches("\\d{1,5}")) {
            throw new IllegalArgumentException(s);
        }
        return new UpstreamAddress(host, Integer.parseInt(port));
    }
}
