package io.tandem.sandbox;

import io.tandem.topology.flavor.Flavor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * The SQL that turns freshly started servers into a replicating cluster: accounts on the primary (replicated to
 * the others), GTID auto-positioned replicas, and a wait until every replica has executed the primary's GTID set.
 */
public sealed interface ReplicationSetup permits MySqlReplicationSetup, MariaDbReplicationSetup {

    static ReplicationSetup of(Flavor flavor) {
        return flavor == Flavor.MYSQL ? new MySqlReplicationSetup() : new MariaDbReplicationSetup();
    }

    /** Makes the server writable and creates the sandbox accounts (logged, so replicas receive them). */
    void preparePrimary(Connection primary) throws SQLException;

    /** Points the replica at {@code source} with GTID auto-position and starts replication. */
    void replicateFrom(Connection replica, ServerLayout source) throws SQLException;

    /** Stops replication on the replica. */
    void stopReplication(Connection replica) throws SQLException;

    /** The source's executed GTID set, in the form {@link #awaitExecuted} takes. */
    String executedGtids(Connection source) throws SQLException;

    /** Waits until the replica has executed {@code gtids}. @throws SandboxException on timeout */
    void awaitExecuted(Connection replica, String gtids, Duration timeout) throws SQLException;

    static void execute(Connection c, List<String> statements) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    static String single(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Runs a wait function such as {@code WAIT_FOR_EXECUTED_GTID_SET(?, ?)} and returns its result. */
    static long waitFunction(Connection c, String sql, String gtids, Duration timeout) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, gtids);
            ps.setLong(2, Math.max(1, timeout.toSeconds()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
