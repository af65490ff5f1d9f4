package io.postern.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.postern.spi.UpstreamAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.postern.tls.UpstreamTlsMode;

/** Reads {@code mail.upstreams { name { servers = [...], ssl = off | on | starttls } }}. */
final class UpstreamsReader {

    private static final String EXPECTED_ADDRESS = "expected: host:port, with IPv6 in brackets such as [::1]:143";

    private final Problems problems;

    UpstreamsReader(Problems problems) {
        this.problems = problems;
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
            if (!e.getKey().equals("servers") && !e.getKey().equals("ssl")) {
                problems.add(e.getValue().origin(), path + ": unknown setting \"" + e.getKey()
                        + "\" (expected: servers, ssl)");
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
        return addresses == null ? null : new UpstreamPool(name, addresses, tls);
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
