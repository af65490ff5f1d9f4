package io.postern.nginx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code postern import-nginx FILE}: converts the {@code mail} block of an nginx configuration
 * into Postern's HOCON, with a warning for everything dropped. Directives set in {@code mail}
 * stay there (Postern inherits them as nginx does); each {@code server} becomes a named block
 * under {@code mail.servers}. Where Postern's default differs from nginx's, nginx's value is
 * written out, so that Postern behaves as nginx did.
 */
public final class NginxImporter {

    /** The converted configuration and what was dropped on the way. */
    public record Result(String hocon, List<ImportWarning> warnings) {
        public Result {
            Objects.requireNonNull(hocon, "hocon");
            warnings = List.copyOf(warnings);
        }
    }

    /** nginx infers a server's protocol from its listen port (ngx_mail_core_module), as Postern does. */
    private static final Map<Integer, String> PORT_PROTOCOLS = Map.of(143, "imap", 993, "imap", 110, "pop3",
            995, "pop3", 25, "smtp", 465, "smtp", 587, "smtp");

    private final Path file;
    private final List<ImportWarning> warnings = new ArrayList<>();
    private final ScopeConverter scope;
    private final Set<String> serverNames = new HashSet<>();

    private NginxImporter(Path file) {
        this.file = file;
        Path parent = file.getParent();
        this.scope = new ScopeConverter(parent != null ? parent : file, this::warn);
    }

    /**
     * Reads {@code file} (and its includes) and converts its {@code mail} block.
     *
     * @throws NginxSyntaxException when nginx itself could not read the file, or it has no {@code mail} block
     */
    public static Result convert(Path file) throws IOException, NginxSyntaxException {
        Path main = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
        return new NginxImporter(main).run(NginxConfigReader.read(main));
    }

    private Result run(List<NginxStatement> top) throws NginxSyntaxException {
        NginxStatement mail = null;
        List<NginxStatement> process = new ArrayList<>();
        for (NginxStatement s : top) {
            if (s.isBlock() && s.name().equals("mail")) {
                if (mail == null) {
                    mail = s;
                } else {
                    warn(s, "dropped this \"mail\" block: nginx allows one (\"mail\" directive is duplicate)");
                }
            } else if (s.isBlock()) {
                warn(s, "ignored the \"" + s.name() + "\" block: "
                        + (NginxDirectives.OTHER_BLOCKS.contains(s.name()) ? "Postern is a mail proxy only"
                        : "not part of nginx's mail proxy"));
            } else {
                process.add(s);
            }
        }
        if (!process.isEmpty()) {
            warn(process.get(0), "ignored nginx's process directives (" + String.join(", ",
                    process.stream().map(NginxStatement::name).distinct().toList())
                    + "): Postern's own (event_loop_threads, pid, shutdown_timeout, and logging in "
                    + "conf/logback.xml) are set by hand");
        }
        if (mail == null) {
            throw new NginxSyntaxException(file, 1, "no \"mail\" block to convert");
        }
        return new Result(render(mail(mail)), inFileOrder(warnings));
    }

    private HoconBlock mail(NginxStatement mail) {
        HoconBlock out = new HoconBlock();
        scope.convert(mail.block(), out, false);
        List<NginxStatement> servers = new ArrayList<>();
        for (NginxStatement s : mail.block()) {
            if (s.isBlock() && s.name().equals("server")) {
                servers.add(s);
            } else if (s.isBlock()) {
                warn(s, "dropped the \"" + s.name() + "\" block: not allowed in nginx's mail block");
            }
        }
        List<Map.Entry<String, HoconBlock>> converted = new ArrayList<>();
        for (NginxStatement server : servers) {
            HoconBlock block = new HoconBlock();
            scope.convert(server.block(), block, true);
            server.block().stream().filter(NginxStatement::isBlock)
                    .forEach(s -> warn(s, "dropped the \"" + s.name() + "\" block: not allowed in a mail server"));
            converted.add(Map.entry(serverName(server, block), block));
        }
        if (servers.isEmpty()) {
            warn(mail, "the mail block has no server: nothing will listen");
        }
        HoconBlock serversBlock = out.block("servers");
        converted.forEach(e -> serversBlock.putBlock(e.getKey(), e.getValue()));
        return out;
    }

    /**
     * A name for the server's block: its own server_name if it has one, its protocol and its
     * first listen port ({@code imap-143}, {@code mx-example-com-smtp-25}), made unique.
     * Writes the protocol out when nginx would infer it from the port.
     */
    private String serverName(NginxStatement server, HoconBlock block) {
        String port = block.firstListen().map(NginxImporter::port).orElse("");
        String protocol = server.block().stream().filter(s -> s.name().equals("protocol") && s.args().size() == 1)
                .map(s -> s.args().get(0).toLowerCase(Locale.ROOT)).findFirst().orElse(null);
        if (protocol == null && !port.isEmpty()) {
            protocol = PORT_PROTOCOLS.get(Integer.parseInt(port));
            if (protocol != null) {
                block.putAfter("listen", "protocol", protocol);
            }
        }
        if (protocol == null) {
            warn(server, "this server has no \"protocol\" and its port says none (nginx refuses it: "
                    + "\"unknown mail protocol\")");
        }
        String ownName = server.block().stream().filter(s -> s.name().equals("server_name") && s.args().size() == 1)
                .map(s -> s.args().get(0)).findFirst().orElse(null);
        StringBuilder base = new StringBuilder();
        if (ownName != null) {
            base.append(ownName.replaceAll("[^A-Za-z0-9_-]+", "-")).append('-');
        }
        base.append(protocol != null ? protocol : "server");
        if (!port.isEmpty()) {
            base.append('-').append(port);
        }
        String name = base.toString();
        for (int i = 2; !serverNames.add(name); i++) {
            name = base + "-" + i;
        }
        return name;
    }

    /** The port of a listen string: {@code 143}, {@code 127.0.0.1:143 ssl}, {@code [::1]:993}. */
    private static String port(String listen) {
        String address = listen.split("\\s+")[0];
        int colon = address.lastIndexOf(':');
        String port = colon < 0 || address.endsWith("]") ? address : address.substring(colon + 1);
        return port.matches("\\d{1,5}") ? port : "";
    }

    private String render(HoconBlock mail) {
        StringBuilder out = new StringBuilder();
        out.append("# Converted from ").append(file).append(" by \"postern import-nginx\".\n");
        out.append("# Check it with \"postern -t -c FILE\"; the warnings printed with it name what was dropped.\n");
        out.append("mail {\n");
        mail.render(out, 2);
        out.append("}\n");
        return out.toString();
    }

    /** The warnings by file (in the order files were first named) and line. */
    private static List<ImportWarning> inFileOrder(List<ImportWarning> warnings) {
        List<Path> files = warnings.stream().map(ImportWarning::file).distinct().toList();
        return warnings.stream().sorted(java.util.Comparator.comparingInt((ImportWarning w) -> files.indexOf(w.file()))
                .thenComparingInt(ImportWarning::line)).toList();
    }

    private void warn(NginxStatement where, String message) {
        warnings.add(new ImportWarning(where.file(), where.line(), message));
    }
}
