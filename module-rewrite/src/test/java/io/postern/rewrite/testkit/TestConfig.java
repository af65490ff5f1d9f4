package io.postern.rewrite.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import io.postern.spi.Protocol;
import io.postern.spi.ServerConfig;
import io.postern.testing.HoconServerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code mail { … servers { … } }} text read as the core presents it to a module: the mail
 * level, and each server with the mail level's directives it does not set itself (nginx's
 * merge: a directive is inherited whole). Origins read {@code test.conf:<line>}.
 */
public record TestConfig(ServerConfig mail, List<ServerConfig> servers) {

    public static TestConfig parse(String hocon) {
        Config root = HoconServerConfig.parse(hocon).resolve();
        Config mailLevel = root.getConfig("mail").withoutPath("servers");
        List<ServerConfig> servers = new ArrayList<>();
        if (root.hasPath("mail.servers")) {
            ConfigObject blocks = root.getObject("mail.servers");
            List<String> names = new ArrayList<>(blocks.keySet());
            names.sort(java.util.Comparator.comparingInt(n -> blocks.get(n).origin().lineNumber()));
            for (String name : names) {
                Config own = ((ConfigObject) blocks.get(name)).toConfig();
                Config effective = own;
                for (Map.Entry<String, ConfigValue> e : mailLevel.root().entrySet()) {
                    if (!own.root().containsKey(e.getKey())) {
                        effective = effective.withValue(e.getKey(), e.getValue());
                    }
                }
                Protocol protocol = Protocol.valueOf(own.getString("protocol").toUpperCase(Locale.ROOT));
                servers.add(new HoconServerConfig(name, protocol, effective));
            }
        }
        return new TestConfig(new HoconServerConfig("mail", Protocol.IMAP, mailLevel), servers);
    }

    public ServerConfig server(String name) {
        return servers.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }
}
