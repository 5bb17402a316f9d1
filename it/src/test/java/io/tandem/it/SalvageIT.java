package io.tandem.it;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.failover.orchestrator.OrchestratorAssembly;
import io.tandem.failover.recovery.RecoveryOutcome;
import io.tandem.failover.recovery.Salvager;
import io.tandem.failover.salvage.BinlogSalvager;
import io.tandem.monitor.BinlogMonitor;
import io.tandem.monitor.MonitorSettings;
import io.tandem.monitor.salvage.CapturedTransaction;
import io.tandem.sandbox.SandboxAccounts;
import io.tandem.sandbox.ServerProcess;
import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.store.ClusterJournal;
import io.tandem.topology.store.VersionedView;
import io.tandem.topology.store.ViewSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A transaction the binlog monitor saw but no replica received (both IO threads stopped, then kill -9 of the
 * primary): the orchestrator's recovery replays it on the new primary under its original GTID, and lists a
 * transaction on a table without a primary key as lost, by GTID and table.
 */
class SalvageIT {

    private RoutingFixture fixture;
    private ViewSubscription views;
    private BinlogMonitor monitor;
    private BinlogSalvager salvager;
    private OrchestratorAssembly orchestrator;
    private final List<RecoveryOutcome> outcomes = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (orchestrator != null) {
            orchestrator.close();
        }
        if (salvager != null) {
            salvager.close();
        }
        if (monitor != null) {
            monitor.close();
        }
        if (views != null) {
            views.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aTransactionOnlyTheMonitorSawIsReplayedOnTheNewPrimaryWithItsGtid() throws Exception {
        fixture = RoutingFixture.start(2, true, s -> s);
        String cluster = fixture.sandbox.spec().cluster();
        String user = SandboxAccounts.ORCHESTRATOR_USER;
        String password = SandboxAccounts.ORCHESTRATOR_PASSWORD;
        views = fixture.store.subscribe(v -> { });
        monitor = BinlogMonitor.start(MonitorSettings.defaults(cluster, user, password),
                () -> views.current().map(VersionedView::view), fixture.zooKeeper, new SimpleMeterRegistry());
        salvager = new BinlogSalvager(monitor.recentTransactions(), SandboxOrchestrator.salvageConnections());
        orchestrator = SandboxOrchestrator.start(fixture, Optional.<Salvager>of(salvager), outcomes::add);

        ServerProcess primary = fixture.sandbox.primary();
        SandboxFixture.execute(primary, "CREATE DATABASE salvage",
                "CREATE TABLE salvage.kept (id INT NOT NULL, part VARCHAR(10) NOT NULL, note VARCHAR(100) NULL,"
                        + " at DATETIME(6) NULL, PRIMARY KEY (id, part))",
                "CREATE TABLE salvage.nokey (line VARCHAR(100))",
                "INSERT INTO salvage.kept VALUES (1, 'a', 'before', NULL)");
        fixture.sandbox.awaitReplicasCaughtUp();
        // heartbeats in the commit log: the binlog stream is live, so what follows is captured
        Await.until("the engine streaming heartbeats", Duration.ofSeconds(60), () -> monitor.commitLog().size(),
                size -> size > 0);
        Await.until("the orchestrator to lead", Duration.ofSeconds(15), () -> orchestrator.orchestrator().leads(),
                leads -> leads);
        for (ServerProcess replica : fixture.sandbox.replicas()) {
            SandboxFixture.execute(replica, "STOP REPLICA IO_THREAD");
        }
        SandboxFixture.execute(primary, "INSERT INTO salvage.kept VALUES (2, 'b', 'O''Brien \\\\ x', "
                + "'2026-01-02 03:04:05.123456')", "UPDATE salvage.kept SET note = NULL WHERE id = 1",
                "INSERT INTO salvage.nokey VALUES ('lost line')");
        GtidSet replicaHas = RootQueries.gtidExecuted(fixture.sandbox.replicas().get(0));
        List<CapturedTransaction> unseen = Await.until("the monitor holding both transactions",
                Duration.ofSeconds(20), () -> monitor.recentTransactions().transactionsNotIn(replicaHas),
                t -> t.size() >= 3);
        String keptGtid = unseen.stream().filter(t -> t.rows().get(0).table().equals("kept")).findFirst()
                .orElseThrow().gtid().toString();
        String lostGtid = unseen.stream().filter(t -> t.rows().get(0).table().equals("nokey")).findFirst()
                .orElseThrow().gtid().toString();

        VersionedView before = fixture.view();
        primary.kill();
        for (ServerProcess replica : fixture.sandbox.replicas()) {
            SandboxFixture.execute(replica, "START REPLICA IO_THREAD");
        }
        VersionedView after = fixture.awaitNewPrimary(before, Duration.ofSeconds(30));
        System.out.println("SalvageIT: recovery outcomes " + outcomes);
        ServerProcess promoted = fixture.server(after.view().primaryKey());

        try (Connection c = promoted.rootConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT id, part, note, CAST(at AS CHAR) FROM salvage.kept"
                    + " ORDER BY id")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(3)).as("the salvaged update").isNull();
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(2);
                assertThat(rs.getString(3)).isEqualTo("O'Brien \\ x");
                assertThat(rs.getString(4)).isEqualTo("2026-01-02 03:04:05.123456");
            }
            try (ResultSet rs = st.executeQuery("SELECT GTID_SUBSET('" + keptGtid + "', @@gtid_executed),"
                    + " GTID_SUBSET('" + lostGtid + "', @@gtid_executed), (SELECT COUNT(*) FROM salvage.nokey)")) {
                rs.next();
                assertThat(rs.getInt(1)).as("salvaged with its GTID %s", keptGtid).isEqualTo(1);
                assertThat(rs.getInt(2)).as("the transaction on a table without key is not there").isZero();
                assertThat(rs.getInt(3)).isZero();
            }
        }
        List<String> notes = new ClusterJournal(fixture.zooKeeper, cluster).readSince(-1).stream()
                .map(e -> e.event().message()).toList();
        assertThat(notes).anySatisfy(m -> assertThat(m).startsWith("salvage onto " + promoted.layout().key())
                .contains(keptGtid).contains(lostGtid + " (tables salvage.nokey; table salvage.nokey has no primary"
                        + " key)"));
    }

}
