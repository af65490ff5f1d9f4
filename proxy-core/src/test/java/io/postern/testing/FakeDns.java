package io.postern.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted DNS server on UDP loopback, for the {@code resolver}'s tests (as nginx-tests'
 * mail_resolver.t runs one): each question (name and type) gets the answer a test wrote for
 * it, {@code NXDOMAIN} when there is none, or nothing at all when the test made it silent.
 * Records are written byte by byte, so a PTR name may carry bytes a real zone would not.
 */
public final class FakeDns implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<String> questions = new CopyOnWriteArrayList<>();
    private final Channel channel;

    /** What one question gets. */
    private record Answer(DnsResponseCode code, List<DefaultDnsRawRecord> records, boolean silent) {
    }

    private FakeDns() throws InterruptedException {
        channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(),
                                new Responder());
                    }
                })
                .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
    }

    /** A server listening on 127.0.0.1 and a free port. */
    public static FakeDns start() throws InterruptedException {
        return new FakeDns();
    }

    /** {@code 127.0.0.1:<port>}, as a {@code resolver} directive names it. */
    public String address() {
        return "127.0.0.1:" + ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** The questions received so far, as {@code name TYPE} ({@code 1.0.0.127.in-addr.arpa. PTR}). */
    public List<String> questions() {
        return List.copyOf(questions);
    }

    /** A PTR record naming {@code host} for {@code address}'s reverse name; {@code host}'s bytes as they are. */
    public FakeDns ptr(String address, String host) {
        return answer(reverse(address), DnsRecordType.PTR, DnsResponseCode.NOERROR, List.of(record(reverse(address),
                DnsRecordType.PTR, labels(host))));
    }

    /**
     * Answers {@code address}'s PTR question with a record of {@code type} (CNAME, DNAME) naming
     * {@code target}, followed by a PTR record naming {@code host} when it is not null: nginx-tests'
     * "CNAME", "PTR type" and "CNAME with PTR" answers.
     */
    public FakeDns ptrAfter(String address, DnsRecordType type, String target, String host) {
        List<DefaultDnsRawRecord> records = new java.util.ArrayList<>();
        records.add(record(reverse(address), type, labels(target)));
        if (host != null) {
            records.add(record(target, DnsRecordType.PTR, labels(host)));
        }
        return answer(reverse(address), DnsRecordType.PTR, DnsResponseCode.NOERROR, records);
    }

    /** An A or AAAA record of {@code address} for {@code name}. */
    public FakeDns address(String name, String address) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        DnsRecordType type = bytes.length == 4 ? DnsRecordType.A : DnsRecordType.AAAA;
        Answer existing = answers.get(key(name, type));
        List<DefaultDnsRawRecord> records = new java.util.ArrayList<>(existing == null ? List.of() : existing.records());
        records.add(record(name, type, Unpooled.wrappedBuffer(bytes)));
        return answer(name, type, DnsResponseCode.NOERROR, records);
    }

    /** A CNAME record naming {@code target} as the answer to {@code name}'s {@code type} question. */
    public FakeDns cname(String name, DnsRecordType type, String target) {
        return answer(name, type, DnsResponseCode.NOERROR, List.of(record(name, DnsRecordType.CNAME, labels(target))));
    }

    /** {@code code} and no record for the question. */
    public FakeDns code(String name, DnsRecordType type, DnsResponseCode code) {
        return answer(name, type, code, List.of());
    }

    /** No answer at all to the question: the client's query times out. */
    public FakeDns silent(String name, DnsRecordType type) {
        answers.put(key(name, type), new Answer(DnsResponseCode.NOERROR, List.of(), true));
        return this;
    }

    /** {@code 1.0.0.127.in-addr.arpa.} for {@code 127.0.0.1}. */
    public static String reverse(String address) {
        String[] octets = address.split("\\.");
        return octets[3] + "." + octets[2] + "." + octets[1] + "." + octets[0] + ".in-addr.arpa.";
    }

    private FakeDns answer(String name, DnsRecordType type, DnsResponseCode code, List<DefaultDnsRawRecord> records) {
        answers.put(key(name, type), new Answer(code, List.copyOf(records), false));
        return this;
    }

    private static String key(String name, DnsRecordType type) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return (n.endsWith(".") ? n : n + ".") + " " + type.name();
    }

    private static DefaultDnsRawRecord record(String name, DnsRecordType type, ByteBuf rdata) {
        return new DefaultDnsRawRecord(name.endsWith(".") ? name : name + ".", type, 3600, rdata);
    }

    /** A name in DNS's wire form, split at dots, each label's bytes as given (UTF-8). */
    private static ByteBuf labels(String host) {
        ByteBuf out = Unpooled.buffer();
        for (String label : host.split("\\.")) {
            byte[] bytes = label.getBytes(StandardCharsets.UTF_8);
            out.writeByte(bytes.length).writeBytes(bytes);
        }
        return out.writeByte(0);
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        answers.values().forEach(a -> a.records().forEach(r -> r.release()));
    }

    private final class Responder extends SimpleChannelInboundHandler<DatagramDnsQuery> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
            DnsQuestion question = query.recordAt(DnsSection.QUESTION);
            String key = key(question.name(), question.type());
            questions.add(key);
            Answer answer = answers.getOrDefault(key, new Answer(DnsResponseCode.NXDOMAIN, List.of(), false));
            if (answer.silent()) {
                return;
            }
            DatagramDnsResponse response = new DatagramDnsResponse(query.recipient(), query.sender(), query.id());
            response.setRecursionDesired(query.isRecursionDesired()).setRecursionAvailable(true);
            response.setCode(answer.code());
            response.addRecord(DnsSection.QUESTION, question);
            for (DefaultDnsRawRecord record : answer.records()) {
                response.addRecord(DnsSection.ANSWER, record.retainedDuplicate());
            }
            ctx.writeAndFlush(response);
        }
    }
}
