package io.tandem.monitor.lag;

import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.monitor.commit.CommitLog;
import io.tandem.monitor.commit.EpochMicros;
import io.tandem.monitor.commit.Gtid;
import io.tandem.topology.discovery.InstanceConnections;
import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.lag.LagSample;
import io.tandem.topology.lag.LagStore;
import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.Member;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Every round: reads the primary's {@code gtid_executed}, then each replica's, computes each replica's lag against
 * the commit log and publishes it. {@code Seconds_Behind_Source} is read only every few rounds, since it is kept for
 * comparison only. A replica that cannot be read is skipped for the round (its last sample ages in ZooKeeper, and
 * readers judge freshness by {@code sampledAt}).
 */
public final class LagSampler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LagSampler.class);
    /** How long a round waits for the binlog tail to deliver what the primary reported committed. */
    private static final long CATCH_UP_NANOS = Duration.ofMillis(50).toNanos();
    private static final long CATCH_UP_POLL_NANOS = Duration.ofMillis(1).toNanos();

    private final Supplier<Optional<ClusterView>> views;
    private final ReplicationReads reads;
    private final CommitLog commits;
    private final LagPublisher publisher;
    private final Clock clock;
    private final int statusEvery;
    private final LagCalculator calculator = new LagCalculator();
    private final ScheduledExecutorService scheduler;
    // touched only by the scheduler thread
    private final Map<InstanceKey, Optional<Long>> secondsBehind = new HashMap<>();
    private final Set<InstanceKey> failing = new HashSet<>();
    private long round;

    /**
     * @param statusEvery read {@code Seconds_Behind_Source} every this many rounds
     */
    public LagSampler(Supplier<Optional<ClusterView>> views, InstanceConnections connections, CommitLog commits,
                      LagStore store, MeterRegistry registry, Clock clock, int statusEvery) {
        this.views = views;
        this.reads = new ReplicationReads(connections);
        this.commits = commits;
        this.publisher = new LagPublisher(store, registry);
        this.clock = clock;
        this.statusEvery = Math.max(1, statusEvery);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "tandem-lag");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts a round every {@code interval}. */
    public void start(Duration interval) {
        scheduler.scheduleAtFixedRate(this::roundSafely, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    // boundary of a scheduled task: an escaping exception would cancel every later round
    private void roundSafely() {
        try {
            views.get().filter(v -> v.flavor() == Flavor.MYSQL).ifPresent(this::round);
        } catch (RuntimeException e) {
            log.error("lag: unexpected failure; trying again next round", e);
        }
    }

    private void round(ClusterView view) {
        boolean readStatus = round++ % statusEvery == 0;
        GtidSet primaryExecuted;
        try {
            primaryExecuted = reads.executed(view.primaryKey());
            recovered(view.primaryKey());
        } catch (SQLException e) {
            failed(view.primaryKey(), e);
            return;
        }
        awaitCommitLog(primaryExecuted);
        for (Member replica : view.replicas()) {
            sample(replica.key(), primaryExecuted, readStatus);
        }
    }

    private void sample(InstanceKey replica, GtidSet primaryExecuted, boolean readStatus) {
        GtidSet executed;
        try {
            executed = reads.executed(replica);
            if (readStatus || !secondsBehind.containsKey(replica)) {
                secondsBehind.put(replica, reads.secondsBehindSource(replica));
            }
            recovered(replica);
        } catch (SQLException e) {
            failed(replica, e);
            return;
        }
        Instant now = clock.instant();
        Optional<Long> seconds = secondsBehind.get(replica);
        Optional<Lag> lag = calculator.lag(primaryExecuted, executed, commits, EpochMicros.of(now));
        // no commit time known yet (the binlog tail is starting): fall back on the server's own estimate
        Optional<Lag> measured = lag.or(() -> seconds.map(s -> new Lag(s * 1000,
                primaryExecuted.subtract(executed).count(), false)));
        measured.ifPresent(l -> publisher.publish(
                new LagSample(replica, l.millis(), l.transactions(), seconds.orElse(null), now)));
    }

    /**
     * Waits, briefly, until the commit log holds the newest transaction of each source the primary reported: a
     * transaction committed just before the primary was read reaches the monitor some milliseconds later, and
     * without its own commit time a replica lacking it would be timed by an older transaction. Sources the log never
     * saw (former primaries) are not waited for.
     */
    private void awaitCommitLog(GtidSet primaryExecuted) {
        long deadline = System.nanoTime() + CATCH_UP_NANOS;
        for (Gtid newest : GtidSources.last(primaryExecuted)) {
            while (commits.newestSequence(newest.source()).orElse(Long.MAX_VALUE) < newest.sequence()
                    && System.nanoTime() - deadline < 0) {
                LockSupport.parkNanos(CATCH_UP_POLL_NANOS);
            }
        }
    }

    /** The latest sample taken of {@code replica}. */
    public Optional<LagSample> latest(InstanceKey replica) {
        return publisher.latest(replica);
    }

    private void failed(InstanceKey server, SQLException e) {
        if (failing.add(server)) {
            log.warn("lag: reading GTIDs of {} failed: {}", server, e.getMessage());
        }
    }

    private void recovered(InstanceKey server) {
        if (failing.remove(server)) {
            log.info("lag: {} answers again", server);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("lag: sampler thread did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
