package io.tandem.it;

import io.tandem.failover.orchestrator.OrchestratorAssembly;
import io.tandem.failover.recovery.RecoveryOutcome;
import io.tandem.failover.recovery.Salvager;
import io.tandem.failover.salvage.BinlogFileSalvager;
import io.tandem.sandbox.ServerProcess;
import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.store.ClusterJournal;
import io.tandem.topology.store.VersionedView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transactions the primary acknowledged that neither replica received (both IO threads stopped, then kill -9 of the
 * primary), and no binlog monitor running: the orchestrator reads them from the dead primary's own binary log files
 * and applies them on the new primary under their original GTIDs — rows of a table with and without a primary key,
 * types the row-image replay of the monitor cannot bind (BIT, JSON, ENUM), and a DDL statement. Every transaction the
 * old primary committed ends up on the new primary and, once repointed, on the other replica.
 */
class BinlogFileSalvageIT {

    private RoutingFixture fixture;
    private BinlogFileSalvager salvager;
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
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void everyTransactionTheDeadPrimaryCommittedIsAppliedFromItsBinlogFiles() throws Exception {
        fixture = RoutingFixture.start(2, true, s -> s);
        String cluster = fixture.sandbox.spec().cluster();
        salvager = SandboxOrchestrator.binlogFileSalvager();
        orchestrator = SandboxOrchestrator.start(fixture, Optional.<Salvager>of(salvager), outcomes::add);

        ServerProcess primary = fixture.sandbox.primary();
        SandboxFixture.execute(primary, "CREATE DATABASE salvage",
                "CREATE TABLE salvage.kept (id INT PRIMARY KEY, flags BIT(8), doc JSON, size ENUM('s','m','l'),"
                        + " at DATETIME(6))",
                "CREATE TABLE salvage.nokey (line VARCHAR(100))",
                "INSERT INTO salvage.kept VALUES (1, b'1', '{\"a\": 1}', 's', NULL)");
        fixture.sandbox.awaitReplicasCaughtUp();
        Await.until("the orchestrator to lead", Duration.ofSeconds(15), () -> orchestrator.orchestrator().leads(),
                leads -> leads);
        Await.until("the primary's binlog located", Duration.ofSeconds(10),
                () -> salvager.binlogIndex(primary.layout().key()), Optional::isPresent);

        for (ServerProcess replica : fixture.sandbox.replicas()) {
            SandboxFixture.execute(replica, "STOP REPLICA IO_THREAD");
        }
        GtidSet replicasHad = RootQueries.gtidExecuted(fixture.sandbox.replicas().get(0));
        SandboxFixture.execute(primary,
                "INSERT INTO salvage.kept VALUES (2, b'10100101', '{\"b\": [1, 2, \"x\"]}', 'l',"
                        + " '2026-01-02 03:04:05.123456')",
                "UPDATE salvage.kept SET doc = JSON_SET(doc, '$.a', 2), size = 'm' WHERE id = 1",
                "INSERT INTO salvage.nokey VALUES ('no key, still salvaged'), ('second line')",
                "DELETE FROM salvage.nokey WHERE line = 'second line'",
                "CREATE TABLE salvage.later (id INT PRIMARY KEY, note TEXT)",
                "INSERT INTO salvage.later VALUES (7, REPEAT('x', 5000))");
        GtidSet primaryCommitted = RootQueries.gtidExecuted(primary);
        GtidSet unshipped = primaryCommitted.subtract(replicasHad);
        assertThat(unshipped.count()).as("transactions only the primary has").isEqualTo(6);

        VersionedView before = fixture.view();
        primary.kill();
        for (ServerProcess replica : fixture.sandbox.replicas()) {
            SandboxFixture.execute(replica, "START REPLICA IO_THREAD");
        }
        VersionedView after = fixture.awaitNewPrimary(before, Duration.ofSeconds(30));
        System.out.println("BinlogFileSalvageIT: recovery outcomes " + outcomes);
        ServerProcess promoted = fixture.server(after.view().primaryKey());
        ServerProcess other = fixture.sandbox.replicas().stream().filter(r -> r != promoted).findFirst()
                .orElseThrow();

        assertThat(RootQueries.gtidExecuted(promoted).contains(primaryCommitted))
                .as("the new primary has every transaction the old one committed: %s", unshipped).isTrue();
        assertThat(rows(promoted)).containsExactly(
                "1 1 {\"a\": 2} m null", "2 165 {\"b\": [1, 2, \"x\"]} l 2026-01-02 03:04:05.123456",
                "no key, still salvaged", "7 5000");
        Await.until(other.layout().key() + " repointed and holding the salvaged transactions",
                Duration.ofSeconds(15), () -> RootQueries.gtidExecuted(other).contains(primaryCommitted), ok -> ok);
        assertThat(rows(other)).isEqualTo(rows(promoted));

        List<String> notes = new ClusterJournal(fixture.zooKeeper, cluster).readSince(-1).stream()
                .map(e -> e.event().message()).toList();
        assertThat(notes).anySatisfy(m -> assertThat(m)
                .startsWith("salvage from the binary logs of " + primary.layout().key())
                .contains("replayed 6 transaction(s)").contains("lost 0"));
    }

    private static List<String> rows(ServerProcess server) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = server.rootConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT id, flags + 0, CAST(doc AS CHAR), size, CAST(at AS CHAR)"
                    + " FROM salvage.kept ORDER BY id")) {
                while (rs.next()) {
                    rows.add(rs.getInt(1) + " " + rs.getInt(2) + " " + rs.getString(3) + " " + rs.getString(4) + " "
                            + rs.getString(5));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT line FROM salvage.nokey")) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT id, LENGTH(note) FROM salvage.later")) {
                while (rs.next()) {
                    rows.add(rs.getInt(1) + " " + rs.getInt(2));
                }
            }
        }
        return rows;
    }
}
