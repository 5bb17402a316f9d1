package io.tandem.proxy.frontend;

import io.netty.channel.EventLoop;
import io.tandem.proxy.backend.BackendConnection;
import io.tandem.proxy.metrics.ProxyMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the waits inside the proxy bounded and visible: the phases of a command in which no statement of the client
 * runs anywhere ({@link CommandPhase#proxyWait()}). Once a second, on one event loop, each of its sessions that has
 * waited in such a phase for over a second is logged at debug with the reason and counted
 * ({@code tandem.proxy.waits.slow{phase}}); one past its limit is ended ({@code tandem.proxy.waits.abandoned}): the
 * backend connection it waits on is closed, which ends the wait through the connection-loss path (a read goes
 * elsewhere, anything else gets an error saying the statement was not executed), or, with no connection yet, the
 * command is refused. The waits have their own bounds (pool timeout, write hold, GTID wait); this is the bound of
 * last resort for a server that stops answering, and a detector of the proxy's own bugs.
 */
final class WaitWatch {

    private static final Logger LOG = LoggerFactory.getLogger(WaitWatch.class);
    static final Duration SLOW = Duration.ofSeconds(1);

    private final ProxyMetrics metrics;
    private final Set<ClientSession> sessions = new LinkedHashSet<>();

    private WaitWatch(ProxyMetrics metrics) {
        this.metrics = metrics;
    }

    /** A watch over the sessions of {@code loop}, checking every {@code period}. */
    static WaitWatch start(EventLoop loop, ProxyMetrics metrics, Duration period) {
        WaitWatch watch = new WaitWatch(metrics);
        loop.scheduleAtFixedRate(watch::check, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return watch;
    }

    void add(ClientSession session) {
        sessions.add(session);
    }

    void remove(ClientSession session) {
        sessions.remove(session);
    }

    /** One round over the loop's sessions, as of now. */
    void check() {
        check(System.nanoTime());
    }

    /** One round over the loop's sessions, as of {@code now} (by {@link System#nanoTime()}). */
    void check(long now) {
        for (ClientSession session : new ArrayList<>(sessions)) {
            CommandPhase phase = session.progress().phase();
            if (phase.proxyWait()) {
                check(session, phase, session.progress().inPhase(now));
            }
        }
    }

    private void check(ClientSession session, CommandPhase phase, long waited) {
        if (waited < SLOW.toNanos()) {
            return;
        }
        BackendConnection connection = session.phaseConnection();
        String label = phase.name().toLowerCase(java.util.Locale.ROOT);
        if (session.progress().noticeSlowWait()) {
            metrics.slowWait(label);
            LOG.debug("conn {}: waiting {} ms {}{}", session.connectionId(), TimeUnit.NANOSECONDS.toMillis(waited),
                    phase.description(), connection == null ? "" : " on " + connection);
        }
        Duration limit = session.waitLimit(phase);
        if (waited < limit.toNanos()) {
            return;
        }
        metrics.abandonedWait(label);
        LOG.warn("conn {}: gave up after {} ms {}{} (limit {} ms)", session.connectionId(),
                TimeUnit.NANOSECONDS.toMillis(waited), phase.description(),
                connection == null ? "" : " on " + connection, limit.toMillis());
        session.abandonWait(phase, limit);
    }
}
