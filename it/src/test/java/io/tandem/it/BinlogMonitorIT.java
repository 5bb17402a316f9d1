package io.tandem.it;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.monitor.BinlogMonitor;
import io.tandem.monitor.MonitorSettings;
import io.tandem.monitor.commit.EpochMicros;
import io.tandem.monitor.salvage.CapturedTransaction;
import io.tandem.monitor.salvage.RowChange;
import io.tandem.sandbox.Sandbox;
import io.tandem.sandbox.SandboxAccounts;
import io.tandem.sandbox.ServerProcess;
import io.tandem.topology.discovery.InstanceConnections;
import io.tandem.topology.discovery.ViewPublisher;
import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.lag.LagSample;
import io.tandem.topology.lag.LagStore;
import io.tandem.topology.store.ClusterViewStore;
import io.tandem.topology.store.ZooKeeperConnector;
import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.Member;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The binlog monitor on a real MySQL cluster under a steady write load: while one replica's SQL thread is stopped
 * for two seconds, the lag it publishes in ZooKeeper stays within 100 ms of the truth (now minus the commit of the
 * first insert the replica missed, timed by the test itself); once the thread runs again and the replica has
 * applied its backlog, the published lag is back to 0 within a second; the Debezium engine recorded every GTID the
 * writes produced, each with a commit time inside the insert's own round trip; and when the view names another
 * primary, the engine moves there.
 */
class BinlogMonitorIT {

    private static final Duration STOPPED = Duration.ofSeconds(2);
    private static final long TOLERANCE_MS = 100;

    /**
     * Inserts one row every 20 ms and remembers when each committed: between sending it and its acknowledgement,
     * taken as the midpoint of the two.
     */
    private static final class Writer implements AutoCloseable {
        final Map<Integer, Long> committedMicros = new ConcurrentHashMap<>();
        final Map<Integer, long[]> commitWindow = new ConcurrentHashMap<>();
        final AtomicInteger nextId;
        private final Connection connection;
        private final PreparedStatement insert;
        private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor();

        Writer(ServerProcess primary, int firstId) throws SQLException {
            nextId = new AtomicInteger(firstId);
            connection = primary.rootConnection();
            insert = connection.prepareStatement("INSERT INTO itmon.ticks (id, at) VALUES (?, ?)");
            thread.scheduleAtFixedRate(this::insertOne, 0, 20, TimeUnit.MILLISECONDS);
        }

        private void insertOne() {
            int id = nextId.getAndIncrement();
            try {
                long sent = EpochMicros.of(Instant.now());
                insert.setInt(1, id);
                insert.setLong(2, sent);
                insert.executeUpdate();
                long acknowledged = EpochMicros.of(Instant.now());
                commitWindow.put(id, new long[] {sent, acknowledged});
                committedMicros.put(id, (sent + acknowledged) / 2);
            } catch (SQLException e) {
                throw new IllegalStateException("insert " + id + " failed", e);
            }
        }

        @Override
        public void close() throws SQLException {
            thread.shutdown();
            try {
                assertThat(thread.awaitTermination(5, TimeUnit.SECONDS)).as("writer stopped").isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            connection.close();
        }
    }

    @Test
    void publishedLagFollowsAStoppedReplicaWithinAHundredMilliseconds() throws Exception {
        try (Sandbox sandbox = SandboxFixture.start(Flavor.MYSQL, 2);
             InstanceConnections connections = SandboxFixture.orchestratorConnections();
             CuratorFramework zooKeeper = ZooKeeperConnector.connect(sandbox.zooKeeperConnectString(),
                     Duration.ofSeconds(15), Duration.ofSeconds(5))) {
            String cluster = sandbox.spec().cluster();
            ClusterViewStore store = new ClusterViewStore(zooKeeper, cluster);
            ClusterView view = new ViewPublisher(cluster, sandbox.keys(), SandboxFixture.discovery(connections), store,
                    Clock.systemUTC(), Duration.ZERO).publishInitial().view();
            LagStore lagStore = new LagStore(zooKeeper, store.paths());
            ServerProcess stalled = sandbox.replicas().get(0);
            InstanceKey stalledKey = stalled.layout().key();
            for (ServerProcess server : sandbox.servers()) {
                // the test measures the monitor, not the disk: without an fsync per commit a replica keeps up
                // with 50 writes a second even while other test runs load the machine's disk
                SandboxFixture.execute(server, "SET GLOBAL sync_binlog = 0",
                        "SET GLOBAL innodb_flush_log_at_trx_commit = 2");
            }
            SandboxFixture.execute(sandbox.primary(), "CREATE DATABASE itmon",
                    "CREATE TABLE itmon.ticks (id INT PRIMARY KEY, at BIGINT NOT NULL)");
            SimpleMeterRegistry registry = new SimpleMeterRegistry();

            AtomicReference<ClusterView> current = new AtomicReference<>(view);
            try (BinlogMonitor monitor = BinlogMonitor.start(MonitorSettings.defaults(cluster,
                    SandboxAccounts.ORCHESTRATOR_USER, SandboxAccounts.ORCHESTRATOR_PASSWORD),
                    () -> Optional.of(current.get()), zooKeeper, registry)) {
                Await.until("the engine streaming heartbeats", Duration.ofSeconds(60),
                        () -> monitor.commitLog().size(), size -> size > 0);
                assertThat(monitor.tailing()).contains(view.primaryKey());
                GtidSet before = executed(sandbox.primary());

                try (Writer writer = new Writer(sandbox.primary(), 1)) {
                    Await.until("a caught-up replica published at 0 ms", Duration.ofSeconds(10),
                            () -> lagStore.read(stalledKey), s -> s.isPresent() && s.get().lagMillis() == 0
                                    && writer.nextId.get() > 25);

                    SandboxFixture.execute(stalled, "STOP REPLICA SQL_THREAD");
                    int firstMissed = maxId(stalled) + 1;
                    List<long[]> deviations = compareWhileStopped(lagStore, stalledKey, writer, firstMissed);
                    salvageHolds(monitor, executed(stalled), firstMissed);
                    recovers(sandbox, stalled, lagStore);
                    assertThat(registry.get("tandem.lag.ms").tag("instance", stalledKey.toString()).gauge()
                            .value()).as("the gauge follows the samples").isLessThan(TOLERANCE_MS);
                    report(deviations);
                    commitTimeAccuracy(monitor, writer, before);
                }

                GtidSet after = executed(sandbox.primary());
                GtidSet writes = after.subtract(before);
                Await.until("every GTID of the writes in the commit log", Duration.ofSeconds(5),
                        () -> monitor.commitLog().gtids(), logged -> logged.contains(writes));
                assertThat(after.contains(monitor.commitLog().gtids()))
                        .as("the commit log holds only the primary's transactions").isTrue();

                followsANewPrimary(sandbox, monitor, current);
            }
        }
    }

    /** The salvage buffer holds the inserts the stalled replica lacks, the first it missed among them. */
    private static void salvageHolds(BinlogMonitor monitor, GtidSet replicaExecuted, int firstMissed) {
        List<CapturedTransaction> salvage = monitor.recentTransactions().transactionsNotIn(replicaExecuted);
        assertThat(salvage).as("buffered transactions the stalled replica lacks").isNotEmpty();
        assertThat(salvage.stream().flatMap(t -> t.rows().stream())
                .filter(r -> r.table().equals("ticks")).map(r -> r.key().get("id")))
                .as("the first insert the replica missed is among them").contains(firstMissed);
    }

    /**
     * After START REPLICA SQL_THREAD the replica applies its backlog at its own pace (a few hundred ms here for
     * two seconds of writes); once it has, the published lag is 0 within a second.
     */
    private static void recovers(Sandbox sandbox, ServerProcess stalled, LagStore lagStore) throws Exception {
        InstanceKey key = stalled.layout().key();
        GtidSet backlog = executed(sandbox.primary());
        SandboxFixture.execute(stalled, "START REPLICA SQL_THREAD");
        Instant startedAt = Instant.now();
        Await.until("the replica applying its backlog", Duration.ofSeconds(10),
                () -> executed(stalled), e -> e.contains(backlog));
        Instant caughtUpAt = Instant.now();
        LagSample recovered = Await.until("published lag back to 0", Duration.ofSeconds(1),
                () -> lagStore.read(key), s -> s.isPresent() && s.get().sampledAt().isAfter(startedAt)
                        && s.get().lagMillis() == 0).orElseThrow();
        System.out.printf("BinlogMonitorIT: replica caught up %d ms after START REPLICA SQL_THREAD,"
                        + " published lag 0 %d ms after that%n", Duration.between(startedAt, caughtUpAt).toMillis(),
                Duration.between(caughtUpAt, recovered.sampledAt()).toMillis());
    }

    /**
     * A view naming another primary (here the healthy replica, whose binlog carries every transaction through
     * log_replica_updates): the engine restarts there and records transactions committed after the change.
     */
    private static void followsANewPrimary(Sandbox sandbox, BinlogMonitor monitor,
                                           AtomicReference<ClusterView> current) throws Exception {
        ClusterView old = current.get();
        Member next = old.replicas().get(1);
        Instant changedAt = Instant.now();
        current.set(new ClusterView(old.cluster(), old.epoch() + 1, old.flavor(), next,
                List.of(old.primary(), old.replicas().get(0)), false, changedAt));
        Await.until("the old engine stopped, the new one started", Duration.ofSeconds(30), monitor::tailing,
                key -> key.equals(Optional.of(next.key())));
        GtidSet before = executed(sandbox.primary());
        Instant firstRecordedAt;
        GtidSet mark;
        try (Writer writer = new Writer(sandbox.primary(), 1_000_000)) {
            // the new engine starts at the binlog position it finds when it connects: wait for its first record
            Await.until("a transaction written after the change recorded", Duration.ofSeconds(30),
                    () -> monitor.commitLog().gtids().intersect(executed(sandbox.primary()).subtract(before)),
                    recorded -> !recorded.isEmpty());
            firstRecordedAt = Instant.now();
            mark = executed(sandbox.primary());
            int target = writer.nextId.get() + 10;
            Await.until("ten more inserts", Duration.ofSeconds(10), writer.nextId::get, n -> n > target);
        }
        GtidSet written = executed(sandbox.primary()).subtract(mark);
        Await.until("every later insert recorded from the new primary's binlog", Duration.ofSeconds(10),
                () -> monitor.commitLog().gtids(), logged -> logged.contains(written));
        System.out.printf("BinlogMonitorIT: engine on the new primary %s; its first transaction recorded %d ms after"
                + " the view changed%n", next.key(), Duration.between(changedAt, firstRecordedAt).toMillis());
    }

    /**
     * Reads the published sample every 50 ms while the SQL thread is stopped; for each new sample, the truth is its
     * sampling time minus the test's own commit time of the first insert the replica missed.
     */
    private static List<long[]> compareWhileStopped(LagStore lagStore, InstanceKey replica, Writer writer,
                                                    int firstMissed) throws Exception {
        long missedMicros = Await.until("insert " + firstMissed + " committed", Duration.ofSeconds(1),
                () -> writer.committedMicros.get(firstMissed), t -> t != null);
        List<long[]> deviations = new ArrayList<>();
        Instant last = Instant.EPOCH;
        long end = System.nanoTime() + STOPPED.toNanos();
        while (System.nanoTime() < end) {
            Optional<LagSample> sample = lagStore.read(replica);
            if (sample.isPresent() && sample.get().sampledAt().isAfter(last)
                    && EpochMicros.of(sample.get().sampledAt()) > missedMicros + 1000) {
                LagSample s = sample.get();
                last = s.sampledAt();
                long truth = (EpochMicros.of(s.sampledAt()) - missedMicros) / 1000;
                deviations.add(new long[] {truth, s.lagMillis(), s.transactionsBehind()});
                assertThat(s.lagMillis()).as("published lag at %s, truth %d ms", s.sampledAt(), truth)
                        .isBetween(truth - TOLERANCE_MS, truth + TOLERANCE_MS);
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        assertThat(deviations).as("samples published during the %d ms stop", STOPPED.toMillis()).hasSizeGreaterThan(4);
        assertThat(deviations.get(deviations.size() - 1)[0]).isGreaterThan(STOPPED.toMillis() / 2);
        return deviations;
    }

    private static void report(List<long[]> samples) {
        long worst = 0;
        long sum = 0;
        for (long[] s : samples) {
            long d = s[1] - s[0];
            worst = Math.max(worst, Math.abs(d));
            sum += d;
            System.out.printf("BinlogMonitorIT: truth %5d ms, published %5d ms (%+d), %d transactions behind%n",
                    s[0], s[1], d, s[2]);
        }
        System.out.printf("BinlogMonitorIT: %d samples, mean deviation %+.1f ms, worst %d ms%n", samples.size(),
                (double) sum / samples.size(), worst);
    }

    /**
     * The commit time the engine recorded for each insert lies between the test's sending it and its
     * acknowledgement (1 ms of slack for the clocks' rounding); reports how far it is from their midpoint.
     */
    private static void commitTimeAccuracy(BinlogMonitor monitor, Writer writer, GtidSet before) {
        long worst = 0;
        int compared = 0;
        for (CapturedTransaction t : monitor.recentTransactions().transactionsNotIn(before)) {
            for (RowChange row : t.rows()) {
                long[] window = row.table().equals("ticks")
                        ? writer.commitWindow.get((Integer) row.key().get("id")) : null;
                if (window != null) {
                    assertThat(t.commitMicros()).as("binlog commit time of insert %s", row.key())
                            .isBetween(window[0] - 1000, window[1] + 1000);
                    worst = Math.max(worst, Math.abs(t.commitMicros() - (window[0] + window[1]) / 2));
                    compared++;
                }
            }
        }
        System.out.printf("BinlogMonitorIT: engine commit times of %d inserts within their commit windows,"
                + " at most %.1f ms from the midpoint%n", compared, worst / 1000.0);
        assertThat(compared).isGreaterThan(50);
    }

    private static GtidSet executed(ServerProcess server) throws SQLException {
        try (Connection c = server.rootConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT @@global.gtid_executed")) {
            rs.next();
            return GtidSet.parse(Flavor.MYSQL, rs.getString(1));
        }
    }

    private static int maxId(ServerProcess server) throws SQLException {
        try (Connection c = server.rootConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(id), 0) FROM itmon.ticks")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
