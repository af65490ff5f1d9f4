package io.postern.bench.scenario;

import io.netty.buffer.Unpooled;
import io.postern.bench.env.BenchUsers;
import io.postern.bench.env.Messages;
import io.postern.bench.load.ClosedLoop;
import io.postern.bench.load.Clients;
import io.postern.bench.load.SmtpConnection;
import io.postern.bench.report.Sample;
import io.postern.bench.target.ProcStats;
import io.postern.bench.target.RunningTarget;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Scenario 5: {@code clients} concurrent submitters, each session connect → EHLO → AUTH
 * PLAIN → MAIL → RCPT → DATA (one message of {@code messageBytes}) → QUIT: messages per second
 * accepted (Postfix's 250 after the data: queued, delivered to Dovecot later).
 */
public record SmtpSubmission(Clients clients, int sessions, int messageBytes, Duration duration, Duration warmup,
                             Notes notes) implements Scenario {

    @Override
    public String name() {
        return "5. SMTP submission";
    }

    @Override
    public String variant() {
        return sessions + " clients, " + messageBytes / 1000 + " KB messages";
    }

    @Override
    public List<Sample> run(RunningTarget target, int repetition) throws Exception {
        byte[] body = body();
        ClosedLoop.run(sessions, warmup, w -> submit(target, body));
        CpuMeter cpu = CpuMeter.start(target);
        ClosedLoop.Result result = ClosedLoop.run(sessions, duration, w -> submit(target, body));
        ProcStats.CpuTimes used = cpu.elapsed();
        double machine = cpu.machineElapsed();
        if (result.failed() > 0) {
            notes.add(name() + ", " + target.name() + ", run " + repetition + ": " + result.failed()
                    + " submissions failed, first: " + result.firstError());
        }
        Samples samples = new Samples(this, target.name(), repetition).higherBetter("messages/s", result.perSecond());
        cpu.report(samples, used, machine, "ms/message", 1000, Math.max(1, result.completed()));
        return samples.list();
    }

    private byte[] body() {
        byte[] message = Messages.ofSize("submission", BenchUsers.SUBMIT.address(), messageBytes);
        byte[] end = ".\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] body = java.util.Arrays.copyOf(message, message.length + end.length);
        System.arraycopy(end, 0, body, message.length, end.length);
        return body;
    }

    private CompletionStage<?> submit(RunningTarget target, byte[] body) {
        String plain = Base64.getEncoder().encodeToString(("\0" + BenchUsers.SUBMIT.name() + "\0"
                + BenchUsers.SUBMIT.password()).getBytes(StandardCharsets.UTF_8));
        return SmtpConnection.open(clients, target.smtp()).thenCompose(c -> c.expect("EHLO bench.localhost", "250")
                .thenCompose(r -> c.expect("AUTH PLAIN " + plain, "235"))
                .thenCompose(r -> c.expect("MAIL FROM:<bench@localhost>", "250"))
                .thenCompose(r -> c.expect("RCPT TO:<" + BenchUsers.SUBMIT.address() + ">", "250"))
                .thenCompose(r -> c.expect("DATA", "354"))
                .thenCompose(r -> c.expect(Unpooled.wrappedBuffer(body), "message", "250"))
                .thenCompose(r -> c.expect("QUIT", "221"))
                .whenComplete((r, e) -> c.close()));
    }
}
