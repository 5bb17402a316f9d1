package io.tandem.failover.salvage;

import io.tandem.failover.analysis.ClusterSnapshot;
import io.tandem.failover.recovery.Salvager;
import io.tandem.monitor.salvage.CapturedTransaction;
import io.tandem.monitor.salvage.RecentTransactions;
import io.tandem.topology.discovery.InstanceConnections;
import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.InstanceKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Salvage from the binlog monitor's {@link RecentTransactions}: on the promoted candidate, every buffered transaction
 * its {@code gtid_executed} lacks is replayed in one transaction under its original GTID ({@code SET gtid_next}, which
 * needs SYSTEM_VARIABLES_ADMIN or SESSION_VARIABLES_ADMIN), so that the old primary can later rejoin; what cannot be
 * replayed, or fails, is named as lost with its GTID, tables and reason. Each transaction stands alone: one lost does
 * not stop the next.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/replication-options-gtids.html#sysvar_gtid_next">gtid_next</a>
 */
public final class BinlogSalvager implements Salvager, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BinlogSalvager.class);

    private final RecentTransactions recent;
    private final InstanceConnections connections;

    /** {@code connections} must reach the candidate as an account that may write every application table. */
    public BinlogSalvager(RecentTransactions recent, InstanceConnections connections) {
        this.recent = recent;
        this.connections = connections;
    }

    @Override
    public String salvage(ClusterSnapshot snapshot, InstanceKey candidate) {
        if (snapshot.view().flavor() != Flavor.MYSQL) {
            return "no salvage on " + snapshot.view().flavor() + ": the binlog monitor follows MySQL only";
        }
        try (Connection connection = connections.open(candidate)) {
            GtidSet executed = executed(connection);
            List<CapturedTransaction> missing = recent.transactionsNotIn(executed);
            if (missing.isEmpty()) {
                return candidate + " lacks none of the " + recent.transactionCount()
                        + " transactions the binlog monitor holds" + oldest();
            }
            SalvageReport report = new SalvageReport(candidate);
            replayAll(connection, missing, report);
            return report.describe() + oldest();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot salvage onto " + candidate + ": " + e.getMessage(), e);
        } finally {
            // the replay session changed time_zone and gtid_next: no later borrower may inherit them
            connections.forget(candidate);
        }
    }

    private void replayAll(Connection connection, List<CapturedTransaction> missing, SalvageReport report)
            throws SQLException {
        try (Statement session = connection.createStatement()) {
            session.execute("SET SESSION time_zone = '+00:00'");
            for (CapturedTransaction transaction : missing) {
                Optional<String> lost = ReplayStatements.whyLost(transaction);
                if (lost.isPresent()) {
                    report.lost(transaction, lost.get());
                    continue;
                }
                try {
                    replay(connection, session, transaction);
                    report.replayed(transaction);
                } catch (SQLException e) {
                    LOG.warn("salvage: replaying {} failed: {}", transaction.gtid(), e.getMessage());
                    rollback(session);
                    report.lost(transaction, "replay failed: " + e.getMessage());
                }
            }
        }
    }

    private static void replay(Connection connection, Statement session, CapturedTransaction transaction)
            throws SQLException {
        session.execute("SET SESSION gtid_next = '" + transaction.gtid() + "'");
        session.execute("START TRANSACTION");
        for (ReplayStatement statement : ReplayStatements.of(transaction)) {
            try (PreparedStatement ps = connection.prepareStatement(statement.sql())) {
                for (int i = 0; i < statement.parameters().size(); i++) {
                    ps.setObject(i + 1, statement.parameters().get(i));
                }
                int rows = ps.executeUpdate();
                if (statement.onlyOneRow() && rows != 1) {
                    throw new SQLException(rows + " rows matched the primary key of " + statement.sql()
                            + ": the candidate diverged");
                }
            }
        }
        session.execute("COMMIT");
        session.execute("SET SESSION gtid_next = 'AUTOMATIC'");
    }

    private static void rollback(Statement session) throws SQLException {
        session.execute("ROLLBACK");
        session.execute("SET SESSION gtid_next = 'AUTOMATIC'");
    }

    private static GtidSet executed(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT @@gtid_executed")) {
            rs.next();
            return GtidSet.parse(Flavor.MYSQL, rs.getString(1));
        }
    }

    private String oldest() {
        return recent.oldestGtid().map(g -> "; transactions older than " + g + " are beyond the buffer").orElse("");
    }

    @Override
    public void close() {
        connections.close();
    }

    /** What one salvage did, for the journal: replayed GTIDs, and each lost GTID with its tables and reason. */
    private static final class SalvageReport {
        private final InstanceKey candidate;
        private final List<String> replayed = new ArrayList<>();
        private final List<String> lost = new ArrayList<>();

        SalvageReport(InstanceKey candidate) {
            this.candidate = candidate;
        }

        void replayed(CapturedTransaction t) {
            replayed.add(t.gtid().toString());
        }

        void lost(CapturedTransaction t, String reason) {
            String tables = String.join(", ", t.rows().stream().map(r -> r.database() + "." + r.table())
                    .distinct().toList());
            lost.add(t.gtid() + " (tables " + (tables.isEmpty() ? "unknown" : tables) + "; " + reason + ")");
        }

        String describe() {
            return "salvage onto " + candidate + ": replayed " + replayed.size() + " transaction(s)"
                    + (replayed.isEmpty() ? "" : " " + String.join(", ", replayed)) + "; lost " + lost.size()
                    + (lost.isEmpty() ? "" : ": " + String.join("; ", lost));
        }
    }
}
