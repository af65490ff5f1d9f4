package io.postern.nginx;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * nginx's {@code listen} arguments as Postern's listen string: the address as written and the
 * parameters Postern knows, each parameter's fate in one table.
 */
final class ListenConverter {

    /** What becomes of one listen parameter. */
    private enum Fate { KEEP, DROP }

    /** nginx's parameters (ngx_mail_core_listen), by the name before any {@code =}. */
    private static final Map<String, Fate> PARAMETERS = Map.of(
            "ssl", Fate.KEEP,
            "proxy_protocol", Fate.KEEP,
            "bind", Fate.KEEP,
            "backlog", Fate.KEEP,
            "rcvbuf", Fate.KEEP,
            "sndbuf", Fate.KEEP,
            "ipv6only", Fate.KEEP,
            "so_keepalive", Fate.KEEP,
            "multipath", Fate.DROP);

    private ListenConverter() {
    }

    /**
     * The listen string, or empty when the listen cannot be kept at all (a {@code unix:} socket).
     *
     * @param warn told about every parameter dropped or changed
     */
    static Optional<String> convert(List<String> args, Consumer<String> warn) {
        String address = args.get(0);
        if (address.startsWith("unix:")) {
            warn.accept("dropped \"listen " + address + "\": unix sockets are not supported");
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder(address);
        for (String parameter : args.subList(1, args.size())) {
            int eq = parameter.indexOf('=');
            String name = eq < 0 ? parameter : parameter.substring(0, eq);
            Fate fate = PARAMETERS.getOrDefault(name, Fate.DROP);
            if (fate == Fate.DROP) {
                warn.accept("dropped the listen parameter \"" + parameter + "\" of \"" + address + "\": "
                        + (PARAMETERS.containsKey(name) ? "not supported" : "unknown to nginx's mail module"));
            } else {
                sb.append(' ').append(parameter);
            }
        }
        return Optional.of(sb.toString());
    }
}
