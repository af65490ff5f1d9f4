package io.postern.engine;

import io.postern.config.ListenAddress;
import io.postern.config.PosternConfig;
import io.postern.config.ServerSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which listening socket of the running configuration a {@code listen} of a reloaded one is:
 * the same address and port, whichever server block names it (nginx keeps its listening
 * sockets the same way). A {@code listen} on port 0 (a free port, in tests and embedding) is
 * the same one when the same server names it at the same place and address.
 */
final class ListenerKeys {

    private ListenerKeys() {
    }

    static String of(ServerSettings server, int index) {
        ListenAddress listen = server.listen().get(index);
        return listen.port() == 0 ? listen.bindKey() + "#" + server.name() + "#" + index : listen.bindKey();
    }

    /** Every listen of {@code config}, by key, in the order of the file. */
    static Map<String, ListenAddress> all(PosternConfig config) {
        Map<String, ListenAddress> out = new LinkedHashMap<>();
        for (ServerSettings server : config.servers()) {
            for (int i = 0; i < server.listen().size(); i++) {
                out.put(of(server, i), server.listen().get(i));
            }
        }
        return out;
    }

    /**
     * The parameters a kept socket was bound with that differ in the new {@code listen}, if
     * any: they belong to the socket (or to the options of the sockets it accepts) and change
     * only when it is bound again, at a restart. {@code ssl} and {@code proxy_protocol} do change.
     */
    static Optional<String> unchangeable(ListenAddress bound, ListenAddress wanted) {
        List<String> differ = new ArrayList<>();
        if (bound.backlog() != wanted.backlog()) {
            differ.add("backlog");
        }
        if (!bound.rcvbuf().equals(wanted.rcvbuf())) {
            differ.add("rcvbuf");
        }
        if (!bound.sndbuf().equals(wanted.sndbuf())) {
            differ.add("sndbuf");
        }
        if (!bound.keepalive().equals(wanted.keepalive())) {
            differ.add("so_keepalive");
        }
        if (!bound.ipv6only().equals(wanted.ipv6only())) {
            differ.add("ipv6only");
        }
        return differ.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", differ));
    }
}
