package io.postern.log;

import io.postern.log.admin.AdminServer;
import io.postern.log.metrics.HttpListen;
import io.postern.log.metrics.MailMetrics;
import io.postern.log.metrics.MetricsServer;
import io.postern.log.session.LiveSession;
import io.postern.log.writer.LogWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What module-log runs for one configuration: the access-log and audit-log writers, the
 * metrics and their HTTP endpoint, each {@code null} when off. A reload builds the next parts
 * from the running ones, sharing what did not change, so that starting and closing go by
 * identity: a part shared by both is neither started again nor closed.
 *
 * @param metricsServer {@code null} until started
 * @param admin the admin endpoint's settings, empty when it is off
 * @param adminServer {@code null} until started
 */
record LogParts(LogWriter writer, LogWriter auditWriter, MailMetrics metrics, Optional<HttpListen> metricsListen,
                MetricsServer metricsServer, Optional<AdminEndpoint> admin, AdminServer adminServer) {

    static final LogParts NONE = new LogParts(null, null, null, Optional.empty(), null, Optional.empty(), null);

    /** {@code running} when it writes {@code paths} with a queue of {@code capacity}, else a new writer. */
    LogWriter writerFor(LogWriter running, Set<Path> paths, int capacity, Supplier<LogWriter> fresh) {
        return running != null && running.paths().equals(paths) && running.capacity() == capacity ? running
                : fresh.get();
    }

    /**
     * Starts the writers {@code before} does not run and the endpoint when it has none yet;
     * returns the parts with the endpoint. On a failure what this call started is closed again,
     * and the failure says which file or address.
     */
    LogParts startNew(LogParts before, Supplier<Collection<LiveSession>> live) throws IOException {
        LogParts started = this;
        try {
            if (writer != null && writer != before.writer) {
                writer.start();
            }
            if (auditWriter != null && auditWriter != before.auditWriter) {
                auditWriter.start();
            }
            if (metricsListen.isPresent() && metricsServer == null) {
                started = new LogParts(writer, auditWriter, metrics, metricsListen,
                        MetricsServer.start(metricsListen.get().socketAddress(), metrics.registry(), live), admin,
                        adminServer);
            }
            if (admin.isPresent() && adminServer == null) {
                AdminEndpoint endpoint = admin.get();
                started = new LogParts(writer, auditWriter, metrics, metricsListen, started.metricsServer, admin,
                        AdminServer.start(endpoint.listen().socketAddress(), endpoint.token(), endpoint.control()));
            }
            return started;
        } catch (IOException | RuntimeException e) {
            started.closeWhatIsNotIn(before);
            throw e;
        }
    }

    /** Closes the parts {@code other} does not share. */
    void closeWhatIsNotIn(LogParts other) {
        closeEndpointUnlessKeptBy(other);
        closeWritersUnlessKeptBy(other);
    }

    void closeEndpointUnlessKeptBy(LogParts other) {
        if (metricsServer != null && metricsServer != other.metricsServer) {
            metricsServer.close();
        }
        if (adminServer != null && adminServer != other.adminServer) {
            adminServer.close();
        }
    }

    void closeWritersUnlessKeptBy(LogParts other) {
        if (writer != null && writer != other.writer) {
            writer.close();
        }
        if (auditWriter != null && auditWriter != other.auditWriter) {
            auditWriter.close();
        }
    }
}
