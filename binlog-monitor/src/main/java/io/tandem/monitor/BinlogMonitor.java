package io.tandem.monitor;

import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.monitor.binlog.BinlogTail;
import io.tandem.monitor.commit.CommitLog;
import io.tandem.monitor.heartbeat.HeartbeatWriter;
import io.tandem.monitor.lag.LagSampler;
import io.tandem.monitor.salvage.RecentTransactions;
import io.tandem.topology.discovery.InstanceConnections;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.lag.LagSample;
import io.tandem.topology.lag.LagStore;
import io.tandem.topology.store.TandemPaths;
import io.tandem.topology.view.ClusterView;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The binlog monitor of DESIGN.md, following the primary of the cluster view: a heartbeat row written on it, a
 * Debezium engine tailing its binlog into a {@link CommitLog} and {@link RecentTransactions}, and each replica's lag
 * published to ZooKeeper and Micrometer. MySQL only: for a MariaDB view it stays idle.
 */
public final class BinlogMonitor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BinlogMonitor.class);

    private final Supplier<Optional<ClusterView>> views;
    private final InstanceConnections connections;
    private final CommitLog commits;
    private final RecentTransactions recent;
    private final HeartbeatWriter heartbeat;
    private final BinlogTail tail;
    private final LagSampler sampler;
    private final ScheduledExecutorService supervisor;

    private BinlogMonitor(MonitorSettings settings, Supplier<Optional<ClusterView>> views, CuratorFramework zooKeeper,
                          MeterRegistry registry, Clock clock) {
        this.views = views;
        this.connections = new InstanceConnections(settings.user(), settings.password(), settings.connectTimeout());
        this.commits = new CommitLog(settings.commitLogEntries(), settings.commitLogAge().toNanos() / 1000);
        this.recent = new RecentTransactions(settings.recentRows());
        this.heartbeat = new HeartbeatWriter(connections, this::primary, clock);
        this.tail = new BinlogTail(settings.user(), settings.password(), settings.enginePollInterval(),
                settings.engineRestartBackoff(), commits, recent);
        this.sampler = new LagSampler(views, connections, commits,
                new LagStore(zooKeeper, new TandemPaths(settings.cluster())), registry, clock,
                settings.statusEvery());
        this.supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "tandem-binlog-supervisor");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts every part; the engine starts on the view's primary as soon as there is one. */
    public static BinlogMonitor start(MonitorSettings settings, Supplier<Optional<ClusterView>> views,
                                      CuratorFramework zooKeeper, MeterRegistry registry) {
        BinlogMonitor monitor = new BinlogMonitor(settings, views, zooKeeper, registry, Clock.systemUTC());
        monitor.heartbeat.start(settings.heartbeatInterval());
        monitor.sampler.start(settings.sampleInterval());
        monitor.supervisor.scheduleWithFixedDelay(monitor::superviseSafely, 0,
                settings.sampleInterval().toMillis(), TimeUnit.MILLISECONDS);
        return monitor;
    }

    private Optional<InstanceKey> primary() {
        return views.get().filter(v -> v.flavor() == Flavor.MYSQL).map(ClusterView::primaryKey);
    }

    // boundary of a scheduled task: an escaping exception would end supervision for good
    private void superviseSafely() {
        try {
            primary().ifPresentOrElse(tail::follow, tail::stop);
        } catch (RuntimeException e) {
            log.error("binlog: supervising the engine failed; trying again", e);
        }
    }

    /** GTID → commit time of the primary's recent transactions. */
    public CommitLog commitLog() {
        return commits;
    }

    /** The latest row events, for salvage after a crash of the primary. */
    public RecentTransactions recentTransactions() {
        return recent;
    }

    /** The primary whose binlog is tailed, if any. */
    public Optional<InstanceKey> tailing() {
        return tail.following();
    }

    /** Whether the engine is streaming the primary's binlog now. */
    public boolean streaming() {
        return tail.streaming();
    }

    /** The latest lag sample of {@code replica} this monitor published. */
    public Optional<LagSample> latest(InstanceKey replica) {
        return sampler.latest(replica);
    }

    @Override
    public void close() {
        supervisor.shutdownNow();
        try {
            supervisor.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sampler.close();
        heartbeat.close();
        tail.close();
        connections.close();
    }
}
